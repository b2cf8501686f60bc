import { useEffect, useState } from 'react';
import { Field } from '../../../components/Field.tsx';

const PAUSE_MS = 300;

/**
 * A search box that reports its text after a short pause in typing (one request per pause, not
 * per key). `value` is the search in force (e.g. the URL's), which the box follows when it
 * changes elsewhere (back button).
 */
export function SearchField({
  label,
  hint,
  value,
  onSearch,
}: {
  label: string;
  hint?: string;
  value: string;
  onSearch: (text: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) {
      return undefined;
    }
    const timer = setTimeout(() => onSearch(text.trim()), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <Field
      label={label}
      hint={hint}
      type="search"
      autoComplete="off"
      spellCheck={false}
      maxLength={200}
      value={text}
      onChange={(event) => setText(event.target.value)}
    />
  );
}
