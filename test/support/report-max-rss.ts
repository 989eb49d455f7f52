/** Preloaded into a child process by a test: prints the process's peak resident memory as it exits. */
process.on('exit', () => {
  process.stderr.write(`\nmax-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
