import { runKubeSimCli } from './cli';

runKubeSimCli(
  process.argv.slice(2),
  process.env.MINIPLANES_CWD ?? process.cwd(),
).then(
  code => process.exit(code),
  error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
