// A virtualised table (grid role): fixed-height rows, column template, each row named for assistive tech and tests.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  title: string;
  width: string;
  render(row: T): ReactNode;
  className?: string;
}

export interface VirtualTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  rowLabel(row: T): string;
  empty?: ReactNode;
  rowHeight?: number;
}

export function VirtualTable<T>({ label, rows, columns, rowKey, rowLabel, empty, rowHeight = 34 }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });
  const grid = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };
  return (
    <div className="table" role="grid" aria-label={label} aria-rowcount={rows.length} style={{ flex: 1 }}>
      <div className="thead" role="row" style={grid}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" style={c.key === 'actions' ? { textAlign: 'right' } : undefined}>
            {c.title}
          </div>
        ))}
      </div>
      <div className="tbody" ref={scroller}>
        {rows.length === 0 && empty ? <div className="empty">{empty}</div> : null}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((item) => {
            const row = rows[item.index] as T;
            return (
              <div key={rowKey(row)} className="tr" role="row" aria-label={rowLabel(row)} style={{ ...grid, position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                {columns.map((c) => (
                  <div key={c.key} role="gridcell" className={`cell${c.className ? ` ${c.className}` : ''}`}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
