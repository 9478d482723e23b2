import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ScoringForm, { type ScoringRow } from './ScoringForm.svelte';

const rows: ScoringRow[] = [
  {
    key: 'task-clarity',
    title: 'Task clarity',
    descriptor: 'The task states what the learner must produce.',
    levels: [
      { value: 'beginning', label: 'Beginning', descriptor: 'The task is missing or unclear.' },
      { value: 'developing', label: 'Developing', descriptor: 'The task is stated but the product is vague.' },
      { value: 'proficient', label: 'Proficient', descriptor: 'The task and its product are clear.' },
      { value: 'exemplary', label: 'Exemplary', descriptor: 'Clear, with success criteria a learner can check.' },
    ],
  },
  {
    key: 'alignment',
    title: 'Alignment to outcomes',
    descriptor: 'The assessment measures the stated outcomes.',
    levels: [
      { value: 'no', label: 'Not met', descriptor: 'At least one outcome is not assessed.' },
      { value: 'yes', label: 'Met', descriptor: 'Every outcome is assessed.' },
    ],
  },
];

function setup() {
  const onsubmit = vi.fn();
  const view = render(ScoringForm, { props: { rows, onsubmit } });
  const group = (title: string) => screen.getByRole('group', { name: title });
  const submit = () => screen.getByRole('button', { name: 'Submit score' }) as HTMLButtonElement;
  return { ...view, onsubmit, group, submit };
}

async function choose(group: HTMLElement, label: string) {
  await fireEvent.click(within(group).getByRole('radio', { name: label }));
}

describe('ScoringForm', () => {
  it('renders one group per rubric row, each level as a radio named by its label and described by its descriptor', () => {
    const { group } = setup();
    expect(screen.getAllByRole('group')).toHaveLength(2);
    for (const row of rows) {
      const fieldset = group(row.title);
      expect(within(fieldset).getByText(row.descriptor)).toBeTruthy();
      const radios = within(fieldset).getAllByRole('radio') as HTMLInputElement[];
      expect(radios.map((radio) => radio.value)).toEqual(row.levels.map((level) => level.value));
      for (const level of row.levels) {
        const radio = within(fieldset).getByRole('radio', { name: level.label, description: level.descriptor });
        expect(radio).toBeTruthy();
        expect(within(fieldset).getByText(level.descriptor)).toBeTruthy();
      }
    }
  });

  it('keeps submit disabled and names the rows still missing until every row has a level', async () => {
    const { group, submit } = setup();
    expect(submit().disabled).toBe(true);
    expect(screen.getByText(/Choose a level for these 2 rows: Task clarity, Alignment to outcomes\./)).toBeTruthy();

    await choose(group('Task clarity'), 'Proficient');
    expect(submit().disabled).toBe(true);
    expect(screen.getByText(/Choose a level for this row: Alignment to outcomes\./)).toBeTruthy();

    await choose(group('Alignment to outcomes'), 'Met');
    expect(submit().disabled).toBe(false);
    expect(screen.getByText('Every row has a level.')).toBeTruthy();
    expect(submit().getAttribute('aria-describedby')).toBe(screen.getByText('Every row has a level.').id);
  });

  it('does not open the confirmation while a row is missing, even if the form is submitted', async () => {
    const { group, onsubmit, container } = setup();
    await choose(group('Task clarity'), 'Beginning');
    await fireEvent.submit(container.querySelector('form')!);
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('asks for confirmation that a submitted score is final, focusing Cancel, before anything is sent', async () => {
    const { group, submit, onsubmit } = setup();
    await choose(group('Task clarity'), 'Developing');
    await choose(group('Alignment to outcomes'), 'Not met');
    await fireEvent.click(submit());

    const dialog = screen.getByRole('dialog', { name: 'Submit this score?' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(within(dialog).getByText('A submitted score is final and cannot be changed.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('Cancel closes the confirmation, returns focus to submit, and sends nothing', async () => {
    const { group, submit, onsubmit } = setup();
    await choose(group('Task clarity'), 'Developing');
    await choose(group('Alignment to outcomes'), 'Not met');
    await fireEvent.click(submit());
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect((document.querySelector('dialog') as HTMLDialogElement).open).toBe(false);
    expect(document.activeElement).toBe(submit());
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('Escape closes the confirmation like Cancel', async () => {
    const { group, submit, onsubmit } = setup();
    await choose(group('Task clarity'), 'Developing');
    await choose(group('Alignment to outcomes'), 'Not met');
    await fireEvent.click(submit());
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });

    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect(document.activeElement).toBe(submit());
    expect(onsubmit).not.toHaveBeenCalled();
  });

  it('Confirm calls onsubmit once with exactly the chosen levels and the non-blank comments, trimmed', async () => {
    const { group, submit, onsubmit } = setup();
    await choose(group('Task clarity'), 'Beginning');
    await choose(group('Task clarity'), 'Exemplary');
    await choose(group('Alignment to outcomes'), 'Met');
    await fireEvent.input(screen.getByLabelText(/Comment on Task clarity/), { target: { value: '  Success criteria listed on page 2.  ' } });
    await fireEvent.input(screen.getByLabelText(/Comment on Alignment to outcomes/), { target: { value: '   ' } });
    await fireEvent.click(submit());
    await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(onsubmit).toHaveBeenCalledTimes(1);
    expect(onsubmit).toHaveBeenCalledWith({ 'task-clarity': 'exemplary', alignment: 'yes' }, { 'task-clarity': 'Success criteria listed on page 2.' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  describe('keyboard', () => {
    it('makes every level a native, focusable radio, one name per row, so Tab stops once per group', () => {
      const { group } = setup();
      const names = rows.map((row) => {
        const radios = within(group(row.title)).getAllByRole('radio') as HTMLInputElement[];
        for (const radio of radios) {
          expect(radio.tagName).toBe('INPUT');
          expect(radio.type).toBe('radio');
          expect(radio.disabled).toBe(false);
          expect(radio.tabIndex).toBeGreaterThanOrEqual(0);
          radio.focus();
          expect(document.activeElement).toBe(radio);
        }
        expect(new Set(radios.map((radio) => radio.name)).size).toBe(1);
        return radios[0]!.name;
      });
      expect(new Set(names).size).toBe(rows.length);
    });

    it('ArrowDown and ArrowRight select and focus the next level; ArrowUp and ArrowLeft the previous', async () => {
      const { group } = setup();
      const radios = within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[];
      radios[0]!.focus();

      await fireEvent.keyDown(radios[0]!, { key: 'ArrowDown' });
      expect(radios[1]!.checked).toBe(true);
      expect(document.activeElement).toBe(radios[1]);

      await fireEvent.keyDown(radios[1]!, { key: 'ArrowRight' });
      expect(radios[2]!.checked).toBe(true);
      expect(radios[1]!.checked).toBe(false);
      expect(document.activeElement).toBe(radios[2]);

      await fireEvent.keyDown(radios[2]!, { key: 'ArrowUp' });
      await fireEvent.keyDown(radios[1]!, { key: 'ArrowLeft' });
      expect(radios[0]!.checked).toBe(true);
      expect(document.activeElement).toBe(radios[0]);
    });

    it('wraps at the ends of a group and never moves into the next row', async () => {
      const { group } = setup();
      const first = within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[];
      const second = within(group('Alignment to outcomes')).getAllByRole('radio') as HTMLInputElement[];

      await fireEvent.keyDown(first[0]!, { key: 'ArrowUp' });
      expect(first[3]!.checked).toBe(true);
      expect(document.activeElement).toBe(first[3]);

      await fireEvent.keyDown(first[3]!, { key: 'ArrowDown' });
      expect(first[0]!.checked).toBe(true);
      expect(second.some((radio) => radio.checked)).toBe(false);
    });

    it('scores a whole submission with the keyboard alone: arrows to choose, Enter on submit, Enter on Confirm', async () => {
      const { group, submit, onsubmit } = setup();
      const clarity = within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[];
      const alignment = within(group('Alignment to outcomes')).getAllByRole('radio') as HTMLInputElement[];

      clarity[0]!.focus();
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      alignment[0]!.focus();
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
      expect(submit().disabled).toBe(false);

      // Enter on a focused submit button activates it: the browser turns that into a click.
      submit().focus();
      await fireEvent.click(document.activeElement!);
      const confirm = screen.getByRole('button', { name: 'Confirm' });
      confirm.focus();
      await fireEvent.click(document.activeElement!);

      expect(onsubmit).toHaveBeenCalledWith({ 'task-clarity': 'proficient', alignment: 'yes' }, {});
    });

    it('number keys pick the focused row\'s level by its place (1 the first), focusing it, and leave the other rows alone', async () => {
      const { group, submit } = setup();
      const clarity = within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[];
      const alignment = within(group('Alignment to outcomes')).getAllByRole('radio') as HTMLInputElement[];

      clarity[0]!.focus();
      const three = new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true });
      clarity[0]!.dispatchEvent(three);
      await tick();
      expect(three.defaultPrevented).toBe(true);
      expect(clarity.map((radio) => radio.checked)).toEqual([false, false, true, false]);
      expect(document.activeElement).toBe(clarity[2]);
      expect(alignment.some((radio) => radio.checked)).toBe(false);

      await fireEvent.keyDown(clarity[2]!, { key: '1' });
      expect(clarity[0]!.checked).toBe(true);
      expect(document.activeElement).toBe(clarity[0]);

      // the arrows still work from a level picked by number
      await fireEvent.keyDown(clarity[0]!, { key: '4' });
      await fireEvent.keyDown(clarity[3]!, { key: 'ArrowUp' });
      expect(clarity[2]!.checked).toBe(true);

      await fireEvent.keyDown(alignment[0]!, { key: '2' });
      expect(alignment[1]!.checked).toBe(true);
      expect(clarity[2]!.checked).toBe(true);
      expect(submit().disabled).toBe(false);
    });

    it('ignores a number past the row\'s levels, and numbers with Ctrl, Alt or Meta', async () => {
      const { group } = setup();
      const alignment = within(group('Alignment to outcomes')).getAllByRole('radio') as HTMLInputElement[];
      const five = new KeyboardEvent('keydown', { key: '5', bubbles: true, cancelable: true });
      alignment[0]!.dispatchEvent(five);
      expect(five.defaultPrevented).toBe(false);
      for (const modifier of ['ctrlKey', 'altKey', 'metaKey']) await fireEvent.keyDown(alignment[0]!, { key: '2', [modifier]: true });
      await tick();
      expect(alignment.some((radio) => radio.checked)).toBe(false);
    });

    it('types numbers in a comment as text: no level is picked', async () => {
      const { group } = setup();
      const comment = screen.getByLabelText(/Comment on Task clarity/) as HTMLTextAreaElement;
      comment.focus();
      const two = new KeyboardEvent('keydown', { key: '2', bubbles: true, cancelable: true });
      comment.dispatchEvent(two);
      await fireEvent.input(comment, { target: { value: 'Page 2 lists 3 criteria.' } });
      expect(two.defaultPrevented).toBe(false);
      expect((within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[]).some((radio) => radio.checked)).toBe(false);
      expect(comment.value).toBe('Page 2 lists 3 criteria.');
      expect(document.activeElement).toBe(comment);
    });

    it('shows each level\'s key beside it, declares it to assistive technology, and says on screen how the keys work', () => {
      const { group } = setup();
      for (const row of rows) {
        const fieldset = group(row.title);
        const radios = within(fieldset).getAllByRole('radio');
        expect(radios.map((radio) => radio.getAttribute('aria-keyshortcuts'))).toEqual(row.levels.map((_, index) => String(index + 1)));
        expect([...fieldset.querySelectorAll('kbd')].map((key) => key.textContent)).toEqual(row.levels.map((_, index) => String(index + 1)));
        // the key is not part of the level's name
        expect(within(fieldset).getByRole('radio', { name: row.levels[0]!.label })).toBeTruthy();
      }
      const hint = screen.getByText(/Keyboard:/).closest('p')!;
      expect(hint.textContent).toMatch(/press 1 to 4 to pick its level/);
      expect(hint.textContent).toMatch(/arrow keys/);
      expect(hint.textContent).toMatch(/Numbers typed in a comment stay in the comment/);
    });

    it('leaves other keys alone (Tab still leaves the group)', async () => {
      const { group } = setup();
      const radios = within(group('Task clarity')).getAllByRole('radio') as HTMLInputElement[];
      const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
      radios[0]!.dispatchEvent(tab);
      expect(tab.defaultPrevented).toBe(false);
      expect(radios.some((radio) => radio.checked)).toBe(false);
    });
  });

  it('locks every row while busy', () => {
    render(ScoringForm, { props: { rows, onsubmit: vi.fn(), busy: true } });
    for (const fieldset of screen.getAllByRole('group') as HTMLFieldSetElement[]) expect(fieldset.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Submitting…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
