-- wrk script for Scripts/bench: POST /v1/articles with distinct ~4 KB JSON bodies.
-- Arguments (after `--`): the bodies file (one JSON body per line, each holding the marker #N#) and a counter offset.
-- Each request takes the next body and puts a running number into its last paragraph, so no two requests (in this
-- run or, with different offsets, in other runs) send the same article text (the article id is the hash of the
-- cleaned text).
local bodies = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  counter = tonumber(args[2] or "0") or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local line = bodies[(counter % #bodies) + 1]
  -- The marker stands alone in a last short paragraph ("\n\nReference #N#."), which the text cleaner drops, so
  -- the number alone would not reach the stored body (whose hash is the article id). Every paragraph also ends
  -- with it, so whichever paragraphs the cleaner keeps, the text differs from every other request's.
  local tag = " (ref " .. counter .. ")"
  local body = line:gsub("\\n\\n", tag .. "\\n\\n"):gsub("#N#", tostring(counter))
  return wrk.format(nil, nil, nil, body)
end
