/**
 * A multi-select whose options come from a server search as the person types (debounced): people,
 * platform users, entitlements. The chosen items are kept (with their labels) whatever a later
 * search returns.
 */
import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

interface Props<T> {
  label: string;
  placeholder?: string;
  description?: string;
  /** Identifies the list searched (its filters); the text typed is added to it. */
  queryKey: unknown[];
  search: (text: string) => Promise<T[]>;
  option: (item: T) => { value: string; label: string };
  value: T[];
  onChange: (items: T[]) => void;
  error?: string;
  required?: boolean;
}

export function SearchMultiSelect<T>({ label, placeholder, description, queryKey, search, option, value, onChange, error, required }: Props<T>) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const found = useQuery({ queryKey: [...queryKey, debounced], queryFn: () => search(debounced), placeholderData: keepPreviousData });
  const chosen = new Set(value.map((v) => option(v).value));
  const all = [...value, ...(found.data ?? []).filter((i) => !chosen.has(option(i).value))];
  return (
    <MultiSelect
      label={label}
      placeholder={value.length ? undefined : placeholder}
      description={description}
      searchable
      searchValue={text}
      onSearchChange={setText}
      // The server searched already.
      filter={({ options }) => options}
      data={all.map(option)}
      value={[...chosen]}
      onChange={(ids) => {
        onChange(ids.map((id) => all.find((i) => option(i).value === id)).filter((i): i is T => i !== undefined));
        setText('');
      }}
      nothingFoundMessage={found.isFetching ? 'Searching…' : found.isError ? 'The search failed' : 'Nothing matches'}
      error={error}
      required={required}
      clearable
    />
  );
}
