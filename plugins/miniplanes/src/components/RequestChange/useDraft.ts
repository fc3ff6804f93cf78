import { useCallback, useMemo, useState } from 'react';
import {
  appendDraftItem,
  DocPath,
  Draft,
  readDraft,
  setDraftField,
} from './draftDocument';

/**
 * The YAML text is the draft's one source of truth: the YAML tab edits it
 * directly and the form edits it through the YAML document, so comments and
 * fields the form does not show survive.
 */
export function useDraft(initialText: string, entityRef: string) {
  const [text, setText] = useState(initialText);
  const draft: Draft = useMemo(
    () => readDraft(text, entityRef),
    [text, entityRef],
  );
  const { document } = draft;
  const setField = useCallback(
    (path: DocPath, value: unknown) => {
      if (document) setText(setDraftField(document, path, value));
    },
    [document],
  );
  const appendItem = useCallback(
    (path: DocPath, item: unknown) => {
      if (document) setText(appendDraftItem(document, path, item));
    },
    [document],
  );
  return { draft, setText, setField, appendItem };
}
