-- wrk script for Benchmarks/query-path.sh, fanout.sh and aggregates.sh: one request over and over
-- (or one of a file's paths at random), each answer checked. Environment (all optional):
--   BODY_FILE     POST the content of this file (else GET)
--   CONTENT_TYPE  its Content-Type
--   GRIDWAY_KEY   send Authorization: Bearer <key>
--   APP_KEY       send X-App-Key: <key> (the 社区通 app key)
--   EXPECT        an answer counts as bad unless its body contains this text
--   PATHS_FILE    request a random line of this file each time (a path with its query), not the URL's
-- An answer that is not 200 counts as bad too. Prints in done(), for the shell script:
--   request.lua: responses=<n> bad=<n>

local body_file = os.getenv("BODY_FILE")
if body_file ~= nil and body_file ~= "" then
  local file = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE")
end
local key = os.getenv("GRIDWAY_KEY")
if key ~= nil and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
local app_key = os.getenv("APP_KEY")
if app_key ~= nil and app_key ~= "" then
  wrk.headers["X-App-Key"] = app_key
end
local expect = os.getenv("EXPECT") or ""
local paths_file = os.getenv("PATHS_FILE")
if paths_file ~= nil and paths_file ~= "" then
  local paths = {}
  for line in io.lines(paths_file) do
    if line ~= "" then table.insert(paths, line) end
  end
  -- Each thread has its own Lua state, so its own table address: a different seed per thread.
  math.randomseed(os.time() + tonumber(string.match(tostring(paths), "0x(%x+)") or "0", 16))
  function request()
    return wrk.format(nil, paths[math.random(#paths)])
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

responses = 0
bad = 0

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 or (expect ~= "" and not string.find(body, expect, 1, true)) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total, wrong = 0, 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("responses") or 0)
    wrong = wrong + (thread:get("bad") or 0)
  end
  io.write(string.format("request.lua: responses=%d bad=%d\n", total, wrong))
end
