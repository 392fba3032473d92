import type { MouseEvent, ReactNode } from 'react';

/**
 * Turns a click on the elevation profile into a distance along the course. uPlot's plot area sits
 * inside its `.u-over` element, so the click's offset across that element maps linearly onto the
 * profile's distance axis (which starts at 0). Keyboard users type the distance instead.
 */
export function ProfilePicker({
  profile,
  onPick,
  children,
}: {
  profile: Array<[number, number]>;
  onPick: (distance: number) => void;
  children: ReactNode;
}) {
  const length = profile.length > 0 ? profile[profile.length - 1]![0] : 0;
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const over = (event.target as HTMLElement).closest('.u-over');
    if (!over || length <= 0) return;
    const box = over.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    onPick(Math.round(fraction * length));
  };
  // A pointer convenience on top of the distance field: the field is the accessible way in.
  // biome-ignore lint/a11y/noStaticElementInteractions: the same action is the distance input's
  // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard users type the distance in the form
  return <div onClick={onClick}>{children}</div>;
}
