/*
 * Starts the compiled worker with the pooled transport's per-worker rate limit set from
 * BENCH_MAIL_RATE_LIMIT (messages per second), everything else as shipped. Used by
 * bench/mail.ts to measure what the pipeline can do beyond the shipped limit of
 * MAIL_POOL.rateLimit (20/s). Argument: the build directory.
 */
const { join } = require('node:path');
const build = process.argv[2];
const transport = require(join(build, 'mail', 'mail-transport.js'));
transport.MAIL_POOL.rateLimit = Number(process.env.BENCH_MAIL_RATE_LIMIT);
require(join(build, 'worker.js'));
