import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfirmDialog } from './ConfirmDialog';

describe('ConfirmDialog', () => {
  it('asks, says what happens, and confirms or cancels', async () => {
    const onConfirm = jest.fn();
    const onCancel = jest.fn();
    await renderInTestApp(
      <ConfirmDialog
        isOpen
        title="Restart orders?"
        confirmLabel="Restart"
        destructive
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        Every pod is replaced.
      </ConfirmDialog>,
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Restart orders?');
    expect(dialog).toHaveTextContent('Every pod is replaced.');
    await userEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('cannot be cancelled while the action is pending', async () => {
    const onCancel = jest.fn();
    await renderInTestApp(
      <ConfirmDialog
        isOpen
        pending
        title="Sync orders?"
        confirmLabel="Sync now"
        onConfirm={jest.fn()}
        onCancel={onCancel}
      />,
    );
    await screen.findByRole('dialog');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await userEvent.keyboard('{Escape}');
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('renders nothing while closed', async () => {
    await renderInTestApp(
      <ConfirmDialog
        isOpen={false}
        title="Sync orders?"
        confirmLabel="Sync now"
        onConfirm={jest.fn()}
        onCancel={jest.fn()}
      />,
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
