import { evaluatePlacement } from '../placement/evaluatePlacement';
import { fleetFromFile } from '../model/fleet';
import { formatValidationIssues, ValidationIssue } from '../model/issues';
import { parseFederatedService, parseFleetFile } from '../model/parse';
import { formatDecision } from './formatDecision';

/** What the CLI needs from the outside world, so it can be tested without I/O. */
export interface CliIo {
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `usage:
  miniplanes evaluate --fleet <fleet.yaml> --service <service.yaml> [--output json|table]
  miniplanes validate <file.yaml>...

evaluate prints the placement decision (exit 0, also when unsatisfiable);
validate checks FederatedService and fleet documents.
Exit 2 for invalid documents or usage.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

function report(io: CliIo, file: string, issues: ValidationIssue[]) {
  io.stderr(
    `${file} is invalid:\n${formatValidationIssues(issues)
      .split('\n')
      .map(line => `  ${line}`)
      .join('\n')}\n`,
  );
}

function read(io: CliIo, path: string): string | undefined {
  try {
    return io.readFile(path);
  } catch (error) {
    io.stderr(`cannot read ${path}: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Whether a document looks like a fleet file rather than a FederatedService. */
function looksLikeFleet(text: string): boolean {
  return (
    !/^\s*kind:\s*FederatedService\b/m.test(text) &&
    !/"kind"\s*:\s*"FederatedService"/.test(text)
  );
}

/** Runs the CLI; returns the exit code. */
export function runCli(args: string[], io: CliIo): number {
  const [command, ...rest] = args;
  if (command === 'evaluate') {
    const fleetPath = option(rest, '--fleet');
    const servicePath = option(rest, '--service');
    const output = option(rest, '--output') ?? 'table';
    if (!fleetPath || !servicePath || !['json', 'table'].includes(output)) {
      io.stderr(`${USAGE}\n`);
      return 2;
    }
    const fleetText = read(io, fleetPath);
    const serviceText = read(io, servicePath);
    if (fleetText === undefined || serviceText === undefined) return 2;
    const fleet = parseFleetFile(fleetText);
    const service = parseFederatedService(serviceText);
    if (!fleet.ok) report(io, fleetPath, fleet.issues);
    if (!service.ok) report(io, servicePath, service.issues);
    if (!fleet.ok || !service.ok) return 2;
    const decision = evaluatePlacement({
      service: service.value,
      fleet: fleetFromFile(fleet.value),
    });
    io.stdout(
      output === 'json'
        ? `${JSON.stringify(decision, null, 2)}\n`
        : formatDecision(decision),
    );
    return 0;
  }
  if (command === 'validate' && rest.length > 0) {
    let valid = true;
    for (const path of rest) {
      const text = read(io, path);
      if (text === undefined) {
        valid = false;
        continue;
      }
      const isFleet = looksLikeFleet(text);
      const result = isFleet
        ? parseFleetFile(text)
        : parseFederatedService(text);
      if (result.ok)
        io.stdout(`${path}: valid ${isFleet ? 'fleet' : 'FederatedService'}\n`);
      else {
        valid = false;
        report(io, path, result.issues);
      }
    }
    return valid ? 0 : 2;
  }
  io.stderr(`${USAGE}\n`);
  return command === '--help' || command === 'help' ? 0 : 2;
}
