-- PATCH men/{id}/ with a JWT: the benchmark user's records (BENCH_OWN_IDS) in turn, each with a new
-- title (a write that changes nothing is not a change: it would write nothing).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"

local ids = {}
for id in string.gmatch(os.getenv("BENCH_OWN_IDS"), "%d+") do
   ids[#ids + 1] = id
end
local edits = 0

request = function()
   edits = edits + 1
   local path = "/api/v1/men/" .. ids[edits % #ids + 1] .. "/"
   local body = '{"title": "Запись нагрузочного теста, правка ' .. edits .. '"}'
   return wrk.format(nil, path, nil, body)
end
