/** The `botpress-toolkit` command line. */
function main(argv: string[]): number {
  const [command] = argv;
  if (command === '--version') {
    console.log('botpress-toolkit');
    return 0;
  }
  console.error('usage: botpress-toolkit validate <files or folders…> [--format text|json]');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
