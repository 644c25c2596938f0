-- wrk script for Scripts/bench: POST /v1/articles with distinct ~4 KB JSON bodies.
-- Arguments (after `--`): the bodies file (one JSON body per line, each holding the marker #N#) and a counter offset.
-- Each request takes the next body and replaces #N# with a running number, so no two requests (in this run or, with
-- different offsets, in other runs) send the same article.
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
  local body = (bodies[(counter % #bodies) + 1]:gsub("#N#", tostring(counter)))
  return wrk.format(nil, nil, nil, body)
end
