// Component tests for the application shell: navigation, hash routing and the WebGPU badge.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';

describe('App shell', () => {
  it('lists the five areas in order', () => {
    render(App);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const labels = Array.from(nav.querySelectorAll('a')).map((a) => a.textContent?.trim());
    expect(labels).toEqual(['Experiments', 'Results', 'Framework', 'Data', 'Settings']);
  });

  it.each([
    ['Results', '#/results'],
    ['Data', '#/data'],
    ['Settings', '#/settings'],
    ['Framework', '#/framework'],
    ['Experiments', '#/experiments'],
  ])(
    'clicking %s shows that area and sets %s',
    async (label, hash) => {
      render(App);
      const nav = screen.getByRole('navigation', { name: 'Main' });
      const link = Array.from(nav.querySelectorAll('a')).find(
        (a) => a.textContent?.trim() === label,
      );
      await fireEvent.click(link!);
      // Areas load on first visit, so the heading arrives once the page's chunk is imported.
      await waitFor(
        () => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(label),
        { timeout: 20_000 },
      );
      expect(window.location.hash).toBe(hash);
      expect(link).toHaveAttribute('aria-current', 'page');
    },
    30_000,
  );

  it('says plainly when WebGPU is missing (jsdom has none)', async () => {
    render(App);
    const badge = screen.getByTestId('gpu-status');
    await expect.poll(() => badge.getAttribute('data-available')).toBe('false');
    expect(badge).toHaveTextContent('WebGPU unavailable');
  });
});
