"""Build each addon's README.rst from its readme/*.rst fragments (OCA style).

Usage: python scripts/gen_addon_readme.py [--check]
With --check, exit 1 when a README.rst is not up to date.
"""
import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTIONS = [('DESCRIPTION.rst', None), ('USAGE.rst', 'Usage'),
            ('CONFIGURE.rst', 'Configuration'), ('HISTORY.rst', 'Changelog'),
            ('CONTRIBUTORS.rst', 'Contributors')]


def build(addon):
    with open(os.path.join(addon, '__manifest__.py')) as handle:
        manifest = ast.literal_eval(handle.read())
    title = manifest['name']
    out = ['=' * len(title), title, '=' * len(title), '',
           '*%s* (version %s, %s)' % (
               manifest['summary'], manifest['version'], manifest['license']),
           '']
    for filename, heading in SECTIONS:
        path = os.path.join(addon, 'readme', filename)
        if not os.path.exists(path):
            continue
        if heading:
            out += [heading, '=' * len(heading), '']
        with open(path) as handle:
            out += [handle.read().rstrip(), '']
    return '\n'.join(out)


def main():
    stale = []
    for name in sorted(os.listdir(ROOT)):
        addon = os.path.join(ROOT, name)
        if not os.path.exists(os.path.join(addon, '__manifest__.py')):
            continue
        text = build(addon)
        target = os.path.join(addon, 'README.rst')
        current = open(target).read() if os.path.exists(target) else ''
        if current != text:
            stale.append(target)
            if '--check' not in sys.argv:
                with open(target, 'w') as handle:
                    handle.write(text)
    if stale and '--check' in sys.argv:
        sys.stderr.write('README.rst out of date (run python %s): %s\n' % (
            os.path.relpath(__file__, ROOT), ', '.join(stale)))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
