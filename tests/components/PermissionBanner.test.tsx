// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PermissionBanner } from '../../components/PermissionBanner';

afterEach(cleanup);

describe('PermissionBanner', () => {
  it('names the site and offers one button that calls back', () => {
    const onGrant = vi.fn();
    render(<PermissionBanner host="app.gotphoto.com" onGrant={onGrant} />);
    expect(screen.getByRole('region', { name: 'Allow access to app.gotphoto.com' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Grant access to the admin site' }));
    expect(onGrant).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/was not granted/)).toBeNull();
  });

  it('says when the user refused the last time, and still offers the button', () => {
    render(<PermissionBanner host="app.fotograf.de" onGrant={() => {}} denied />);
    expect(screen.getByText(/Access was not granted/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Grant access to the admin site' })).toBeTruthy();
  });

  it('renders a hostile host name as text', () => {
    render(<PermissionBanner host={'<img src=x onerror=alert(1)>'} onGrant={() => {}} />);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading').textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
