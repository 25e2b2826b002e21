-- wrk script: POSTs the file $BODY; with $CE_TYPE set, as a binary-mode CloudEvent of that type.
-- With $UNIQUE_NAME set, each request replaces "name": "acme" with a name no other request used
-- (a new tenant per tenant.created). Prints "rps p50_ms p99_ms non2xx errors" on its last line.
local file = assert(io.open(os.getenv("BODY"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local ce_type = os.getenv("CE_TYPE")
if ce_type and ce_type ~= "" then
  wrk.headers["ce-specversion"] = "1.0"
  wrk.headers["ce-id"] = "bench-1"
  wrk.headers["ce-source"] = "/bench"
  wrk.headers["ce-type"] = ce_type
end

local unique = os.getenv("UNIQUE_NAME")
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function request()
  if not unique or unique == "" then
    return wrk.format()
  end
  counter = counter + 1
  local name = string.format("t%d-%d", thread_id, counter)
  return wrk.format(nil, nil, nil, (body:gsub('"name": "acme"', '"name": "' .. name .. '"', 1)))
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, errors))
end
