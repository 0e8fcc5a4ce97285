/** Filter controls that keep their value in the URL (debounced for text). */
import { Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, type AppSummary } from '../api';

export function SearchInput({ value, onChange, label, placeholder }: { value: string | undefined; onChange: (v: string | undefined) => void; label: string; placeholder?: string }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = useDebouncedCallback((v: string) => onChange(v.trim() || undefined), 300);
  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={text}
      type="search"
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
      miw={220}
    />
  );
}

export function AppSelect({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const apps = useQuery({ queryKey: ['apps', 'managed', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps?managed=true') });
  return (
    <Select
      label="App"
      placeholder={apps.isError ? 'apps could not be loaded' : 'All apps'}
      data={(apps.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      clearable
      searchable
      miw={200}
    />
  );
}
