-- wrk script for Scripts/bench: POST /v1/articles with distinct ~4 KB JSON bodies.
-- Arguments (after `--`): the bodies file (one JSON body per line, each holding the marker #N#) and a counter offset.
-- Each request takes the next body and puts a running number into its last paragraph, so no two requests (in this
-- run or, with different offsets, in other runs) send the same article text (the article id is the hash of the
-- cleaned text).
--
-- The marker stands alone in a last short paragraph ("\n\nReference #N#."), which the text cleaner drops, so
-- the number alone would not reach the stored body (whose hash is the article id). Every paragraph also ends
-- with it (" (ref N)" before each JSON-escaped paragraph break), so whichever paragraphs the cleaner keeps, the
-- text differs from every other request's.
--
-- The load generator shares the machine's cores with the server, so its own cost matters: each body is cut at
-- its paragraph breaks and its marker once, in init(), and a request only joins the pieces with the running
-- number (one table.concat) instead of running two pattern substitutions over 4 KB per request.
local bodies = {}
local counter = 0

-- The pieces of `line` between its separators, and what each separator is: "break" for a JSON-escaped paragraph
-- break (backslash n backslash n), "marker" for #N#.
local function cut(line)
  local pieces, kinds = {}, {}
  local position = 1
  while true do
    local breakAt = line:find("\\n\\n", position, true)
    local markerAt = line:find("#N#", position, true)
    local at, kind, width
    if breakAt and (not markerAt or breakAt < markerAt) then
      at, kind, width = breakAt, "break", 4
    elseif markerAt then
      at, kind, width = markerAt, "marker", 3
    else
      break
    end
    pieces[#pieces + 1] = line:sub(position, at - 1)
    kinds[#kinds + 1] = kind
    position = at + width
  end
  pieces[#pieces + 1] = line:sub(position)
  return { pieces = pieces, kinds = kinds }
end

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = cut(line)
  end
  counter = tonumber(args[2] or "0") or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  local number = tostring(counter)
  local breakText = " (ref " .. number .. ")\\n\\n"
  local parts = {}
  local pieces, kinds = body.pieces, body.kinds
  for index = 1, #kinds do
    parts[#parts + 1] = pieces[index]
    parts[#parts + 1] = kinds[index] == "break" and breakText or number
  end
  parts[#parts + 1] = pieces[#pieces]
  return wrk.format(nil, nil, nil, table.concat(parts))
end
