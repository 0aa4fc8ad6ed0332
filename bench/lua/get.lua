-- GET the URL given on the command line (anonymous, or with a JWT when BENCH_TOKEN is set).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
