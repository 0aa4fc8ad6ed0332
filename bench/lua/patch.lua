-- PATCH men/{id}/ with a JWT: retitle a record the benchmark user owns (the URL names it).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Запись нагрузочного теста (правка)"}'
