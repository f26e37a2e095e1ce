import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import serviceBoundariesPlugin from './index';

describe('service-boundaries page in the app sidebar', () => {
  it('shows "Who owns…?" as a sidebar link to its page', async () => {
    renderTestApp({
      features: [serviceBoundariesPlugin],
      // The entity tab and card attach to the catalog's entity page, which this app lacks.
      isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
    });

    const link = await screen.findByRole('link', { name: 'Who owns…?' });
    expect(link).toHaveAttribute('href', '/who-owns');
    expect(link.querySelector('svg')).not.toBeNull();
  });
});
