-- wrk script for Benchmarks/soak.sh: one kind of request over and over, paced, each answer checked.
-- Environment:
--   GRIDWAY_KEY     send Authorization: Bearer <key> (required)
--   BODY_FILE       POST the content of this file as JSON, each with a unique Idempotency-Key (else GET)
--   GRIDWAY_RUN     makes the idempotency keys unique across wrk runs
--   DELAY_MS        each connection waits this long before each request (optional)
-- An answer outside 200-299 counts as bad. Prints in done(), for the shell script:
--   soak.lua: responses=<n> bad=<n>

local key = os.getenv("GRIDWAY_KEY")
if key == nil or key == "" then error("set GRIDWAY_KEY") end
wrk.headers["Authorization"] = "Bearer " .. key
local body_file = os.getenv("BODY_FILE")
local body = nil
if body_file ~= nil and body_file ~= "" then
  local file = assert(io.open(body_file, "rb"))
  body = file:read("*a")
  file:close()
end
local run = os.getenv("GRIDWAY_RUN") or tostring(os.time())
local delay_ms = tonumber(os.getenv("DELAY_MS") or "")
if delay_ms ~= nil then
  function delay() return delay_ms end
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
responses = 0
bad = 0

if body ~= nil then
  function request()
    counter = counter + 1
    return wrk.format("POST", wrk.path, {
      ["Authorization"] = "Bearer " .. key,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = "soak-" .. run .. "-t" .. tostring(id) .. "-" .. counter,
    }, body)
  end
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total, wrong = 0, 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("responses") or 0)
    wrong = wrong + (thread:get("bad") or 0)
  end
  io.write(string.format("soak.lua: responses=%d bad=%d\n", total, wrong))
end
