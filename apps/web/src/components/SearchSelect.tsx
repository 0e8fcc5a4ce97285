/**
 * A select whose options come from a server search as the person types (debounced): for lists too
 * long to load whole (entitlements, accounts). The chosen item is kept even when a later search no
 * longer returns it.
 */
import { Select } from '@mantine/core';
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
  value: T | null;
  onChange: (item: T | null) => void;
  disabled?: boolean;
  required?: boolean;
  autoFocus?: boolean;
}

export function SearchSelect<T>({ label, placeholder, description, queryKey, search, option, value, onChange, disabled, required, autoFocus }: Props<T>) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  // Once an item is chosen the box shows its label: that is not a search.
  const q = value && debounced === option(value).label ? '' : debounced;
  const found = useQuery({ queryKey: [...queryKey, q], queryFn: () => search(q), enabled: !disabled, placeholderData: keepPreviousData });
  const items = found.data ?? [];
  const all = value && !items.some((i) => option(i).value === option(value).value) ? [value, ...items] : items;
  return (
    <Select
      label={label}
      placeholder={placeholder}
      description={description}
      searchable
      searchValue={text}
      onSearchChange={setText}
      // The server searched already.
      filter={({ options }) => options}
      data={all.map(option)}
      value={value ? option(value).value : null}
      onChange={(v) => onChange(all.find((i) => option(i).value === v) ?? null)}
      nothingFoundMessage={found.isFetching ? 'Searching…' : found.isError ? 'The search failed' : 'Nothing matches'}
      disabled={disabled}
      required={required}
      clearable
      data-autofocus={autoFocus || undefined}
    />
  );
}
