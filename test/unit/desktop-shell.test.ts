import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayMediaAnswer, maxChoices, pickerChoices, pickerMessages, messagesForLocale, shouldOfferPicker } from '../../src/main/display-media';
import { externalOpenFor, isAllowedExternalUrl } from '../../src/main/external-links';
import { appEntryUrl, isOwnUrl, rendererEntryUrl } from '../../src/main/own-url';
import { noticesFor } from '../../src/main/reminder-notices';
import { contentTypeFor, resolveRendererFile } from '../../src/main/renderer-protocol';
import { contentSecurityPolicy } from '../../src/shared/content-security-policy';
import { tempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');

describe('the renderer entry', () => {
  it('loads the dev server only in an unpackaged run, and only from this machine', () => {
    expect(rendererEntryUrl({ packaged: false, devServerUrl: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
    expect(rendererEntryUrl({ packaged: true, devServerUrl: 'http://localhost:5173/' })).toBe(appEntryUrl);
    expect(rendererEntryUrl({ packaged: false, devServerUrl: undefined })).toBe(appEntryUrl);
    expect(rendererEntryUrl({ packaged: false, devServerUrl: 'https://evil.example/' })).toBe(appEntryUrl);
    expect(rendererEntryUrl({ packaged: false, devServerUrl: 'not a url' })).toBe(appEntryUrl);
    expect(appEntryUrl).toBe('app://renderer/index.html');
  });

  it('counts only pages of the same scheme and host as our own', () => {
    expect(isOwnUrl('app://renderer/index.html#/people', appEntryUrl)).toBe(true);
    expect(isOwnUrl('app://other/index.html', appEntryUrl)).toBe(false);
    expect(isOwnUrl('file:///index.html', appEntryUrl)).toBe(false);
    expect(isOwnUrl('https://renderer/index.html', appEntryUrl)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/#/today', 'http://localhost:5173/')).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isOwnUrl('', appEntryUrl)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  function rendererFolder() {
    const parent = tempDir();
    const dir = path.join(parent, 'renderer');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Reprise</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
    fs.writeFileSync(path.join(parent, 'renderer-secret.txt'), 'secret');
    fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(dir, 'assets', 'link.js'));
    return dir;
  }

  it('serves files inside the renderer folder, index.html at the root', () => {
    const dir = fs.realpathSync(rendererFolder());
    expect(resolveRendererFile(dir, 'app://renderer/')).toBe(path.join(dir, 'index.html'));
    expect(resolveRendererFile(dir, 'app://renderer/index.html#/people/1')).toBe(path.join(dir, 'index.html'));
    expect(resolveRendererFile(dir, 'app://renderer/assets/app.js?v=1')).toBe(path.join(dir, 'assets', 'app.js'));
    expect(contentTypeFor(path.join(dir, 'assets', 'app.js'))).toMatch(/javascript/);
    expect(contentTypeFor(path.join(dir, 'index.html'))).toMatch(/^text\/html/);
  });

  it('never leaves the renderer folder, by dots, encoded dots, backslashes or symlinks', () => {
    const dir = rendererFolder();
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/assets/%2e%2e/%2e%2e/secret.txt',
      'app://renderer/..%2f..%2fsecret.txt',
      'app://renderer/..%5csecret.txt',
      'app://renderer/%2e%2e%2frenderer-secret.txt',
      'app://renderer/assets/link.js',
      'app://renderer/missing.js',
      'app://renderer/assets',
      'app://renderer/%00index.html',
      'app://renderer/%E0%A4%A',
      'app://elsewhere/index.html',
    ]) {
      expect(resolveRendererFile(dir, url), url).toBeNull();
    }
  });
});

describe('external links', () => {
  it('opens only https help pages', () => {
    expect(isAllowedExternalUrl('https://support.apple.com/guide/mac-help/control-access-to-your-camera-mchlf6d108da/mac')).toBe(true);
    expect(isAllowedExternalUrl('https://support.microsoft.com/en-us/windows/camera-privacy')).toBe(true);
    expect(isAllowedExternalUrl('http://support.apple.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://support.apple.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user@support.apple.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://support.apple.com:8443/')).toBe(false);
    expect(isAllowedExternalUrl('https://example.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('smb://host/share')).toBe(false);
  });

  it('reaches the browser only from a link opened as a tab, never a popup with window features', () => {
    const help = 'https://help.ubuntu.com/stable/ubuntu-help/';
    expect(externalOpenFor({ url: help, disposition: 'foreground-tab' })).toBe('open-in-browser');
    expect(externalOpenFor({ url: help, disposition: 'background-tab' })).toBe('open-in-browser');
    expect(externalOpenFor({ url: help, disposition: 'new-window' })).toBe('deny');
    expect(externalOpenFor({ url: 'https://example.com/', disposition: 'foreground-tab' })).toBe('deny');
  });
});

describe('screen capture', () => {
  const screens = [
    { id: 'screen:1:0', name: 'Screen 1' },
    { id: 'screen:2:0', name: 'Screen 2' },
  ];
  const windows = [
    { id: 'window:10:0', name: 'Zoom Meeting' },
    { id: 'window:11:0', name: 'Reprise' },
    { id: 'window:12:0', name: ' ' },
    { id: 'window:13:0', name: 'A'.repeat(80) },
  ];

  it('offers screens first, then other windows, without our own', () => {
    const choices = pickerChoices(screens, windows, pickerMessages.en, ['window:11:0']);
    expect(choices.map((c) => c.label)).toEqual(['Screen 1', 'Screen 2', 'Zoom Meeting', `${'A'.repeat(59)}…`]);
    expect(choices[2]!.source.id).toBe('window:10:0');
    expect(pickerChoices(screens.slice(0, 1), [], pickerMessages.fi).map((c) => c.label)).toEqual(['Koko näyttö']);
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `window:${i}:0`, name: `Window ${i}` }));
    expect(pickerChoices(screens, many, pickerMessages.en)).toHaveLength(maxChoices);
    expect(messagesForLocale('fi-FI')).toBe(pickerMessages.fi);
    expect(messagesForLocale('en-GB')).toBe(pickerMessages.en);
  });

  it('adds system audio only where it can be looped back, and refuses without a choice or from another page', () => {
    const source = screens[0]!;
    const own = { ownPage: true, audioRequested: true };
    expect(displayMediaAnswer(source, { ...own, platform: 'win32' })).toEqual({ video: source, audio: 'loopback' });
    expect(displayMediaAnswer(source, { ...own, platform: 'linux' })).toEqual({ video: source });
    expect(displayMediaAnswer(source, { ...own, audioRequested: false, platform: 'win32' })).toEqual({ video: source });
    expect(displayMediaAnswer(null, { ...own, platform: 'win32' })).toBeNull();
    expect(displayMediaAnswer(source, { ownPage: false, audioRequested: true, platform: 'win32' })).toBeNull();
    expect(shouldOfferPicker({ ownPage: false, audioRequested: false, platform: 'linux' })).toBe(false);
    expect(shouldOfferPicker({ ownPage: true, audioRequested: false, platform: 'linux' })).toBe(true);
  });
});

describe('content security policy', () => {
  it('allows no inline styles or scripts, and media: only in the desktop app', () => {
    const desktop = contentSecurityPolicy({ mediaScheme: true });
    const directives = new Map(desktop.split('; ').map((d) => [d.split(' ')[0], d] as const));
    expect(directives.get('style-src')).toBe("style-src 'self'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(desktop).not.toContain('unsafe');
    expect(directives.get('media-src')).toContain('media:');
    expect(contentSecurityPolicy()).not.toContain('media:');
    // The page itself has nothing inline the policy would block.
    const html = fs.readFileSync(path.join(root, 'src/renderer/index.html'), 'utf8');
    expect(html).not.toMatch(/<style|style="|<script(?![^>]*\bsrc=)/);
  });
});

describe('packaging', () => {
  it('ships icons for every platform and flips the fuses', () => {
    const png = fs.readFileSync(path.join(root, 'resources/icon.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const small = fs.readFileSync(path.join(root, 'resources/icon-256.png'));
    expect([small.readUInt32BE(16), small.readUInt32BE(20)]).toEqual([256, 256]);
    expect(fs.readFileSync(path.join(root, 'resources/icon.ico')).readUInt16LE(2)).toBe(1);
    expect(fs.readFileSync(path.join(root, 'resources/icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
    const config = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const line of [
      'runAsNode: false',
      'enableCookieEncryption: true',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'enableEmbeddedAsarIntegrityValidation: true',
      'onlyLoadAppFromAsar: true',
      'icon: resources/icon.icns',
      'icon: resources/icon.ico',
      'icon: resources/icon.png',
      'from: resources/fonts',
    ]) {
      expect(config).toContain(line);
    }
  });
});

describe('certification reminders as desktop notifications', () => {
  const reminder = {
    grantId: 'g1', code: 'AINO-0000-0001', rep: { id: 'rep 1', name: 'Aino' }, focusArea: { id: 'demo', name: 'Demo' }, level: 'Advanced',
    expiresAt: '2027-04-04T10:00:00.000Z', daysBefore: 7, daysLeft: 7, renewalOpensAt: '2027-03-21T10:00:00.000Z', renewalOpen: true, minScore: 80,
    title: 'Your Demo certification expires in 7 days', body: 'Advanced, valid until 4 April 2027.',
  };

  it('shows what the core handed out, opening the rep\'s page on a click, and nothing for any other answer', () => {
    expect(noticesFor('certifications:claim-reminders', { ok: true, value: [reminder] })).toEqual([
      { title: 'Your Demo certification expires in 7 days', body: 'Advanced, valid until 4 April 2027.', hash: '#/people/rep%201' },
    ]);
    expect(noticesFor('certifications:reminders', { ok: true, value: [reminder] })).toEqual([]);
    expect(noticesFor('certifications:claim-reminders', { ok: false, error: { code: 'forbidden', message: 'No.' } })).toEqual([]);
  });
});
