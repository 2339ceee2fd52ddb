// Entry of `npm run db`: the CLI with the bundled migrations, built for Node by vite.node.config.ts.
import migrations from 'virtual:migrations';
import { runDbCli } from './db-cli.ts';

process.exitCode = await runDbCli(process.argv.slice(2), migrations, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
