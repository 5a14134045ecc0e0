-- wrk script for Benchmarks/submit-load.sh: POST /v1/submissions with a valid elderly-visit@1
-- report ($GRIDWAY_REPORT, the first example of contracts/elderly-visit@1.json) for one of nine
-- communities of 210102, a unique Idempotency-Key per request (run, thread id, counter) and the
-- bearer key from $GRIDWAY_KEY. Benchmarks/aggregates.sh changes the contract ($GRIDWAY_CONTRACT), the
-- period ($GRIDWAY_PERIOD) and the units ($GRIDWAY_UNIT_LIST: a file of unit codes, one a line, each
-- thread taking them in its own random order). Counts every response that is not 202 and
-- prints the counts in done(), as lines the shell script parses:
--   submit.lua: responses=<n> non202=<n>
--   submit.lua: status <code> <n>        (one line per status seen)

local key = os.getenv("GRIDWAY_KEY")
if key == nil or key == "" then
  error("set GRIDWAY_KEY to a staff key for 210102 (see Benchmarks/submit-load.sh)")
end
local run = os.getenv("GRIDWAY_RUN") or tostring(os.time())

-- With $GRIDWAY_DELAY_MS, each connection waits that long before each request: a paced load
-- (about connections × 1000 / delay submissions per second) instead of as fast as possible.
local delay_ms = tonumber(os.getenv("GRIDWAY_DELAY_MS") or "")
if delay_ms ~= nil then
  function delay()
    return delay_ms
  end
end

-- Communities under 210102 (和平区); the staff key is bound to the district, so all are in scope.
local units = {
  "210102001001", "210102001002", "210102001003",
  "210102002001", "210102002002", "210102003001",
  "210102004001", "210102005001", "210102006001",
}
local unit_list = os.getenv("GRIDWAY_UNIT_LIST")
if unit_list ~= nil and unit_list ~= "" then
  units = {}
  for line in io.lines(unit_list) do
    if line ~= "" then table.insert(units, line) end
  end
end
local contract = os.getenv("GRIDWAY_CONTRACT") or "elderly-visit@1"
local period = os.getenv("GRIDWAY_PERIOD") or "2026-11"

-- The report's data: the first example of contracts/elderly-visit@1.json, kept in
-- Benchmarks/elderly-visit-report.json (the shell script passes its path).
local path = os.getenv("GRIDWAY_REPORT")
if path == nil or path == "" then
  error("set GRIDWAY_REPORT to the path of Benchmarks/elderly-visit-report.json")
end
local file = assert(io.open(path, "rb"))
local data = file:read("*a"):gsub("%s+$", "")
file:close()

local bodies = {}
for i, unit in ipairs(units) do
  bodies[i] = '{"contract":"' .. contract .. '","unit":"' .. unit .. '","period":"' .. period .. '","data":' .. data .. '}'
end

-- Main state: every thread, so done() can read their counters.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Thread state.
local counter = 0
responses = 0
non202 = 0
statuses = {}

function init(args)
  -- `id` was set by setup() in this thread's globals.
  prefix = "bench-" .. run .. "-t" .. tostring(id) .. "-"
  if unit_list ~= nil and unit_list ~= "" then
    math.randomseed(os.time() + 7919 * id)
    for i = #bodies, 2, -1 do
      local j = math.random(i)
      bodies[i], bodies[j] = bodies[j], bodies[i]
    end
  end
end

-- With $GRIDWAY_PREFILL_TOKEN, every request sends it back in `Prefill-Token` (Benchmarks/burden.sh).
local prefill_token = os.getenv("GRIDWAY_PREFILL_TOKEN")

-- The example's elder, replaced in each request by one of 200 000 others (20 birth years, 10 000
-- sequence numbers), as a real load is about many elders: Gridway delivers the reports about one
-- elder, contract and period one at a time, so a load about a single elder would measure that
-- order, not throughput. Not with a prefill token, which offers that one elder's facts.
local example_elder = "210102193805120025"

function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  if prefill_token == nil or prefill_token == "" then
    local n = counter * 64 + id
    local elder = string.format("210102%04d0512%04d", 1930 + n % 20, math.floor(n / 20) % 10000)
    body = body:gsub(example_elder, elder, 1)
  end
  local headers = {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }
  if prefill_token ~= nil and prefill_token ~= "" then
    headers["Prefill-Token"] = prefill_token
  end
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 202 then
    non202 = non202 + 1
  end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total, bad, merged = 0, 0, {}
  for _, thread in ipairs(threads) do
    total = total + (thread:get("responses") or 0)
    bad = bad + (thread:get("non202") or 0)
    local seen = thread:get("statuses") or {}
    for code, count in pairs(seen) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  io.write(string.format("submit.lua: responses=%d non202=%d\n", total, bad))
  local codes = {}
  for code in pairs(merged) do table.insert(codes, code) end
  table.sort(codes)
  for _, code in ipairs(codes) do
    io.write(string.format("submit.lua: status %d %d\n", code, merged[code]))
  end
  local e = summary.errors
  io.write(string.format("submit.lua: socket errors connect=%d read=%d write=%d timeout=%d\n",
    e.connect, e.read, e.write, e.timeout))
end
