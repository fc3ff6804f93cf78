import {
  FederatedService,
  formatPath,
  parseFederatedService,
  ValidationIssue,
} from '@miniplanes/plugin-miniplanes-common';
import { Document, isCollection, LineCounter, parseDocument } from 'yaml';

export type DocPath = (string | number)[];

/** A path inside the document, as validation issues spell it. */
export const pathText = (path: DocPath) => formatPath(path);

/** A validation problem, with the line it is on when the YAML says. */
export interface DraftIssue extends ValidationIssue {
  line?: number;
}

/** The YAML the user edits, read every way the dialog needs it. */
export interface Draft {
  text: string;
  /** The YAML document, for the form's edits; undefined while the YAML itself is broken. */
  document?: Document;
  /** The document as plain values, for the form's fields. */
  value: unknown;
  /** The valid FederatedService, when it is one. */
  service?: FederatedService;
  issues: DraftIssue[];
}

const SEGMENT =
  /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/** `spec.resources[0].manifest` → `['spec', 'resources', 0, 'manifest']`. */
export function parsePathText(text: string): DocPath {
  const path: DocPath = [];
  for (const [, key, index, quoted] of text.matchAll(SEGMENT)) {
    if (key !== undefined) path.push(key);
    else if (index !== undefined) path.push(Number(index));
    else path.push(JSON.parse(quoted) as string);
  }
  return path;
}

/** The line of the value at `path`, or of its nearest ancestor when it is missing. */
function lineOf(
  document: Document,
  lines: LineCounter,
  path: DocPath,
): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length
      ? document.getIn(path.slice(0, length), true)
      : document.contents;
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

/**
 * Reads the draft: the YAML document, and the shared validation's verdict
 * with each problem's line. `entityRef` is the entity the tab files for: a
 * document for another entity is a problem too.
 */
export function readDraft(text: string, entityRef: string): Draft {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const broken = yaml.errors.length > 0;
  const document = broken ? undefined : yaml;
  const parsed = parseFederatedService(text);
  if (!parsed.ok) {
    return {
      text,
      document,
      value: document?.toJS(),
      issues: parsed.issues.map(issue => ({
        ...issue,
        line: document
          ? lineOf(document, lines, parsePathText(issue.path))
          : undefined,
      })),
    };
  }
  const issues: DraftIssue[] = [];
  if (parsed.value.metadata.entityRef !== entityRef) {
    issues.push({
      path: 'metadata.entityRef',
      message: `this tab files requests for ${entityRef}, not ${parsed.value.metadata.entityRef}`,
      line: lineOf(yaml, lines, ['metadata', 'entityRef']),
    });
  }
  return {
    text,
    document,
    value: yaml.toJS(),
    service: issues.length ? undefined : parsed.value,
    issues,
  };
}

/** How deep empty maps and lists are removed after a field is cleared: never `spec.placement` itself. */
const KEEP_DEPTH = 2;

/**
 * The YAML after the form sets one field; `undefined` removes it, and the
 * maps it leaves empty, so that clearing every spread field removes `spread`.
 * Comments and the rest of the document are kept.
 */
export function setDraftField(
  document: Document,
  path: DocPath,
  value: unknown,
): string {
  const next = document.clone();
  if (value === undefined) {
    next.deleteIn(path);
    for (let depth = path.length - 1; depth > KEEP_DEPTH; depth -= 1) {
      const parent = next.getIn(path.slice(0, depth));
      if (!isCollection(parent) || parent.items.length > 0) break;
      next.deleteIn(path.slice(0, depth));
    }
  } else {
    next.setIn(path, value);
  }
  return next.toString();
}

/** The YAML with one more item at the end of the list at `path` (created when missing). */
export function appendDraftItem(
  document: Document,
  path: DocPath,
  item: unknown,
): string {
  const next = document.clone();
  if (isCollection(next.getIn(path))) next.addIn(path, item);
  else next.setIn(path, [item]);
  return next.toString();
}
