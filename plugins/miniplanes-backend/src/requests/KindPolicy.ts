import { Config } from '@backstage/config';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { VersionProblem } from './validateVersion';

/** One pattern; an absent part matches anything. */
interface KindPattern {
  text: string;
  group?: string;
  version?: string;
  kind?: string;
}

const KIND = /^[A-Z][A-Za-z0-9]*$/;
const GROUP = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;

function parsePattern(text: string, key: string, index: number): KindPattern {
  const parts = text.split('/');
  const any = (part: string) => (part === '*' ? undefined : part);
  const valid = (part: string, form: RegExp) => part === '*' || form.test(part);
  if (parts.length === 1 && valid(parts[0], KIND)) {
    return { text, kind: any(parts[0]) };
  }
  if (parts.length === 3) {
    const [group, version, kind] = parts;
    if (
      (group === 'core' || valid(group, GROUP)) &&
      valid(version, VERSION) &&
      valid(kind, KIND)
    ) {
      return {
        text,
        group: group === 'core' ? '' : any(group),
        version: any(version),
        kind: any(kind),
      };
    }
  }
  throw new Error(
    `${key}[${index}]: ${JSON.stringify(
      text,
    )} is not a kind pattern: write Kind (any group and version), or group/version/Kind with * for any part and core for the core group, e.g. ClusterRoleBinding, apps/*/Deployment, core/v1/ConfigMap, example.com/*/*`,
  );
}

function readPatterns(config: Config, key: string): KindPattern[] | undefined {
  return config
    .getOptionalStringArray(key)
    ?.map((text, index) => parsePattern(text.trim(), key, index));
}

function matches(
  pattern: KindPattern,
  object: { group: string; version: string; kind: string },
): boolean {
  return (
    (pattern.group === undefined || pattern.group === object.group) &&
    (pattern.version === undefined || pattern.version === object.version) &&
    (pattern.kind === undefined || pattern.kind === object.kind)
  );
}

/**
 * Which kinds a filed version may apply, from `miniplanes.allowedKinds`
 * (when set, only kinds matching one of its patterns) and
 * `miniplanes.deniedKinds` (never kinds matching one of these, whatever the
 * allowed list says). Patterns are checked when the backend starts.
 */
export class KindPolicy {
  private constructor(
    private readonly allowed: KindPattern[] | undefined,
    private readonly denied: KindPattern[],
  ) {}

  static fromConfig(config: Config): KindPolicy {
    return new KindPolicy(
      readPatterns(config, 'miniplanes.allowedKinds'),
      readPatterns(config, 'miniplanes.deniedKinds') ?? [],
    );
  }

  /** Every resource of the version whose kind is not allowed, or denied, by its path. */
  problems(spec: FederatedService): VersionProblem[] {
    return spec.spec.resources.flatMap(({ manifest }, index) => {
      const slash = manifest.apiVersion.indexOf('/');
      const object = {
        group: slash === -1 ? '' : manifest.apiVersion.slice(0, slash),
        version: manifest.apiVersion.slice(slash + 1),
        kind: manifest.kind,
      };
      const path = `spec.resources[${index}].manifest`;
      const what = `${manifest.apiVersion} ${manifest.kind}`;
      const denied = this.denied.filter(p => matches(p, object));
      if (denied.length > 0) {
        return [
          {
            path,
            message: `${what} is denied by miniplanes.deniedKinds (${denied
              .map(p => p.text)
              .join(', ')})`,
          },
        ];
      }
      if (this.allowed && !this.allowed.some(p => matches(p, object))) {
        return [
          {
            path,
            message: `${what} is not in miniplanes.allowedKinds (${
              this.allowed.map(p => p.text).join(', ') || 'empty'
            })`,
          },
        ];
      }
      return [];
    });
  }
}
