// Where a delta frame's bytes go: each top-level field, and within `st` each rider field (key included).

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function frameAnatomy(frame: string): string {
  const parsed = JSON.parse(frame) as Record<string, unknown>;
  const top = Object.entries(parsed)
    .map(([key, value]) => [key, JSON.stringify(value).length + key.length + 4] as const)
    .sort((a, b) => b[1] - a[1]);
  const fields = new Map<string, number>();
  let riders = 0;
  for (const entry of (parsed.st as Array<Record<string, unknown>> | undefined) ?? []) {
    riders++;
    for (const [key, value] of Object.entries(entry)) {
      fields.set(key, (fields.get(key) ?? 0) + JSON.stringify(value).length + key.length + 4);
    }
  }
  const st = [...fields]
    .sort((a, b) => b[1] - a[1])
    .map(([key, bytes]) => `${key} ${kb(bytes)}`)
    .join(', ');
  const pos = Array.isArray(parsed.pos) ? parsed.pos.length / 3 : 0;
  return (
    `${kb(frame.length)}: ${top.map(([key, bytes]) => `${key} ${kb(bytes)}`).join(', ')}` +
    `\n    pos: ${pos} riders; st: ${riders} riders — ${st}`
  );
}
