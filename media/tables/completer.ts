// The filter box's completion list: columns, $and/$or/$not and the operators that fit a column, offered where the
// cursor is (src/core/tables/completions.ts decides what). Opens as the user types a key, or on Ctrl+Space;
// ↑/↓ choose, Enter or Tab accept, Escape closes; a click accepts too. The box stays a plain textarea.
import { filterCompletions, type FilterCompletions } from '../../src/core/tables/completions';
import type { ColumnKind } from '../../src/core/tables/query';

export class FilterCompleter {
  private shown?: FilterCompletions;
  private active = 0;

  constructor(
    private readonly box: HTMLTextAreaElement,
    private readonly list: HTMLUListElement,
    private readonly columns: () => Readonly<Record<string, ColumnKind>>,
  ) {
    box.setAttribute('role', 'combobox');
    box.setAttribute('aria-autocomplete', 'list');
    box.setAttribute('aria-controls', list.id);
    box.setAttribute('aria-expanded', 'false');
    list.setAttribute('role', 'listbox');
    box.addEventListener('input', (e) => {
      const typed = (e as InputEvent).data ?? '';
      // Opened by typing a key's first characters or what starts one; closed by what ends it.
      if (/^[\w$"{,]$/.test(typed.slice(-1)) || this.shown) this.update();
    });
    box.addEventListener('keydown', (e) => this.key(e));
    box.addEventListener('blur', () => this.close());
    box.addEventListener('click', () => this.shown && this.update());
    // A click on an item must not blur the box first.
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (item) this.accept(Number(item.dataset.index));
    });
  }

  private key(e: KeyboardEvent): void {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      this.update();
      return;
    }
    if (!this.shown) return;
    const n = this.shown.items.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.render();
        break;
      case 'Enter':
      case 'Tab':
        this.accept(this.active);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  private update(): void {
    const { selectionStart, selectionEnd, value } = this.box;
    const found = selectionStart === selectionEnd ? filterCompletions(value, selectionStart, this.columns()) : undefined;
    if (!found) return this.close();
    this.shown = found;
    this.active = 0;
    this.render();
  }

  private render(): void {
    const items = this.shown?.items ?? [];
    this.list.replaceChildren(
      ...items.map((item, i) => {
        const li = document.createElement('li');
        li.id = `${this.list.id}-${i}`;
        li.dataset.index = String(i);
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === this.active));
        const label = document.createElement('span');
        label.className = 'label';
        label.textContent = item.label;
        const detail = document.createElement('span');
        detail.className = 'detail';
        detail.textContent = item.detail;
        li.append(label, detail);
        return li;
      }),
    );
    this.list.hidden = !items.length;
    this.box.setAttribute('aria-expanded', String(!!items.length));
    if (items.length) {
      this.box.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else this.box.removeAttribute('aria-activedescendant');
  }

  private accept(index: number): void {
    const shown = this.shown;
    const item = shown?.items[index];
    if (!shown || !item) return;
    const { value } = this.box;
    this.box.value = value.slice(0, shown.from) + item.insert + value.slice(shown.to);
    const caret = shown.from + item.insert.length;
    this.box.setSelectionRange(caret, caret);
    this.close();
    // As if typed: the filter is checked and run.
    this.box.dispatchEvent(new Event('input'));
  }

  close(): void {
    this.shown = undefined;
    this.render();
  }
}
