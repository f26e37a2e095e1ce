import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import capacityPlugin from './index';

describe('capacity page in the app sidebar', () => {
  it('shows "Capacity" as a sidebar link to /capacity, with its icon', async () => {
    renderTestApp({
      features: [capacityPlugin],
      // The entity tab attaches to the catalog's entity page, which this app lacks.
      isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
    });
    const link = await screen.findByRole('link', { name: 'Capacity' });
    expect(link).toHaveAttribute('href', '/capacity');
    expect(link.querySelector('svg')).not.toBeNull();
  });
});
