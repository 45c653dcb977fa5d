-- wrk script for the storefront: wrk ... -s storefront.lua URL -- SCENARIO FIRST_ID LAST_ID
--   get_user    GET /users/{id}                    (an existing user, at random)
--   orders      GET /users/{id}/orders?status=...  (one of the seeded statuses, at random)
--   post_user   POST /users                        (a new email and username each time)
--   mix         80% get_user, 15% orders, 5% post_user
-- done() prints one line: RESULT requests req/s p50_ms p99_ms socket_errors non_2xx

local statuses = {"pending", "paid", "shipped", "delivered", "cancelled"}
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local scenario, first_id, last_id
local sent = 0
-- Unique across runs and wrk threads: the start time, the thread and a counter.
local nonce = tostring(os.time())

function init(args)
  scenario, first_id, last_id = args[1], tonumber(args[2]), tonumber(args[3])
  math.randomseed(os.time() * 100 + thread_id)
  local known = {get_user = true, orders = true, post_user = true, mix = true}
  if not known[scenario] or not first_id or not last_id then
    error("usage: -- get_user|orders|post_user|mix FIRST_ID LAST_ID")
  end
end

local function get_user()
  return wrk.format("GET", "/users/" .. math.random(first_id, last_id))
end

local function orders()
  return wrk.format("GET", "/users/" .. math.random(first_id, last_id) .. "/orders?status=" .. statuses[math.random(#statuses)])
end

local function post_user()
  sent = sent + 1
  local name = "b" .. nonce .. "t" .. thread_id .. "n" .. sent
  local body = '{"email": "' .. name .. '@example.com", "username": "' .. name .. '", "password": "secret"}'
  return wrk.format("POST", "/users", {["Content-Type"] = "application/json"}, body)
end

local function mix()
  local r = math.random(100)
  if r <= 80 then return get_user() end
  if r <= 95 then return orders() end
  return post_user()
end

local scenarios = {get_user = get_user, orders = orders, post_user = post_user, mix = mix}

function request()
  return scenarios[scenario]()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.0f %.2f %.2f %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
