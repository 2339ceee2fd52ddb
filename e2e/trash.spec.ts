// Deleting forgives: Undo at once (by keyboard too, never over Generate or Save), and a trash that
// keeps deleted proposals 30 days, across reloads, until restored or emptied.
import { expect, expectReady, expectTitles, saveProposal, test } from './fixtures.ts';

test('a keyboard Delete leaves the focus on Undo, which covers nothing; the trash restores after a reload and empties on request', async ({ app: page }) => {
  await saveProposal(page, 'Kept job', 'Kept.');
  await saveProposal(page, 'Binned job', 'Binned.');
  await page.getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “Binned job”: it is in the trash for 30 days.' })).toBeVisible();
  await expect(undo).toBeFocused();
  await expectTitles(page, ['Kept job']);
  // Generate and Save stay clickable while Undo is offered.
  for (const name of [/^Generate/, /^Save/]) {
    const button = page.getByRole('button', { name });
    await button.scrollIntoViewIfNeeded();
    const free = await button.evaluate((el) => { const r = el.getBoundingClientRect(); const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!hit && el.contains(hit); });
    expect(free, `${name} is covered`).toBe(true);
  }
  await undo.focus(); // where the Delete left it (the check above scrolled, it did not move the focus)
  await page.keyboard.press('Enter');
  await expectTitles(page, ['Binned job', 'Kept job']);
  await expect(page.getByRole('textbox', { name: 'Job post' })).toHaveValue('Binned job');

  // Deleted again, and the page reloaded: the Undo is gone, the trash has it.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.reload();
  await expectReady(page);
  await expectTitles(page, ['Kept job']);
  await page.getByRole('button', { name: 'Trash' }).click();
  const trash = page.getByRole('list', { name: 'Deleted proposals' });
  await expect(trash.getByRole('listitem')).toHaveCount(1);
  await expect(trash).toContainText('Binned job');
  await trash.getByRole('button', { name: 'Restore “Binned job”' }).click();
  await expectTitles(page, ['Binned job', 'Kept job']);
  await expect(page.getByRole('textbox', { name: 'Proposal' })).toHaveValue('Binned.');

  // Emptying asks first; keeping them changes nothing, then they go for good.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Trash' }).click();
  await page.getByRole('button', { name: 'Empty the trash' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Empty the trash?' });
  await expect(dialog.getByRole('button', { name: 'Keep them' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(trash.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Empty the trash' }).click();
  await dialog.getByRole('button', { name: 'Delete them for good' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  await page.reload();
  await expectReady(page);
  await page.getByRole('button', { name: 'Trash' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
});
