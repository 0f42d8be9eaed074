#!/usr/bin/env python3
# tests/mkinitrd/mkimages.py GOOD.img OUTDIR — the crafted digest-list images of
# tests/mkinitrd/images.txt, made from a good image written by diginit-mkinitrd (at
# least two lists). Each case changes one thing (see CASES); the manifest says which
# reason code the reader (diglist dg_image_open) must give. Written from the newc
# format and diginit-mkinitrd(8), not from the C reader.
# mkimages.py --add-entry GOOD.img FILE PATH OUT: GOOD with PATH (FILE's bytes) and its
# directories added before the trailer (tests/qemu TEST-14).
import gzip, lzma, os, sys

FIELDS = ('ino mode uid gid nlink mtime size devmaj devmin rdevmaj rdevmin '
          'namesize check').split()


def parse(d):
    """The entries of a newc image up to and including the trailer, as dicts."""
    off, out = 0, []
    while True:
        h = d[off:off + 110]
        assert h[:6] == b'070701', 'good image expected'
        e = {k: int(h[6 + 8 * i:14 + 8 * i], 16) for i, k in enumerate(FIELDS)}
        e['name'] = d[off + 110:off + 110 + e['namesize'] - 1]
        off = (off + 110 + e['namesize'] + 3) & ~3
        e['data'] = d[off:off + e['size']]
        off = (off + e['size'] + 3) & ~3
        out.append(e)
        if e['name'] == b'TRAILER!!!':
            assert off == len(d), 'good image expected'
            return out


def ser(e, name_pad=b'', data_pad=b'', magic=b'070701', raw=None):
    """One entry; size and namesize from the data and name unless given in e."""
    f = dict(e)
    f.setdefault('size', len(e['data']))
    f.setdefault('namesize', len(e['name']) + 1)
    hdr = magic + b''.join(b'%08x' % f[k] for k in FIELDS)
    if raw:  # (field, 8 bytes) written as is
        i = FIELDS.index(raw[0])
        hdr = hdr[:6 + 8 * i] + raw[1] + hdr[14 + 8 * i:]
    h = hdr + e['name'] + b'\0'
    pad = -len(h) % 4
    h += name_pad[:pad] + b'\0' * (pad - len(name_pad[:pad]))
    pad = -len(e['data']) % 4
    return h + e['data'] + data_pad[:pad] + b'\0' * (pad - len(data_pad[:pad]))


def build(es, **kw):
    return b''.join(ser(e) for e in es)


def fixed(e, **kw):
    """A copy of e with fields changed; size/namesize recomputed unless given."""
    c = {k: v for k, v in e.items() if k not in ('size', 'namesize')}
    c.update(kw)
    return c


def renumber(es):
    """Inode numbers 1, 2, ... as the generator writes them (trailer 0)."""
    return [fixed(e, ino=0 if e['name'] == b'TRAILER!!!' else i + 1)
            for i, e in enumerate(es)]


def main(good, outdir):
    G = open(good, 'rb').read()
    es = parse(G)
    assert build(es) == G, 'the re-serialized image equals the generator\'s'
    d0, d1, lists, tr = es[0], es[1], es[2:-1], es[-1]
    assert len(lists) >= 2
    L0, L1 = lists[0], lists[1]
    body = es[:-1]
    reg = lambda name, data=b'x', **kw: fixed(L0, name=name, data=data, **kw)

    def at(i, e):  # insert e before index i, renumber
        return renumber(es[:i] + [e] + es[i:])

    def one(i, **kw):  # entry i changed
        return [fixed(e, **kw) if j == i else e for j, e in enumerate(es)]

    sized = next(e for e in lists if len(e['data']) % 4)  # data padded
    isz = es.index(sized)
    cases = {
        'good-padded': G + bytes(512),
        'good-empty': build([d0, d1, tr]),
        'symlink': build(at(3, reg(L0['name'] + b'-link', b'/init', mode=0o120777))),
        'hardlink': build(one(2, nlink=2)),
        'device': build(at(3, reg(L0['name'] + b'-dev', b'', mode=0o20644, rdevmaj=1, rdevmin=3))),
        'fifo': build(at(3, reg(L0['name'] + b'-fifo', b'', mode=0o10644))),
        'socket': build(at(3, reg(L0['name'] + b'-sock', b'', mode=0o140644))),
        'mode-exec': build(one(2, mode=0o100755)),
        'mode-setuid': build(one(2, mode=0o104644)),
        'mode-dir': build(one(0, mode=0o40777)),
        'owner-uid': build(one(2, uid=1000)),
        'owner-gid': build(one(3, gid=1)),
        'outside-etc': build(at(2, reg(b'etc/ld.so.preload', b'/tmp/evil.so\n'))),
        'outside-init': build(at(2, reg(b'init', b'#!/bin/sh\n'))),
        'outside-shim': build(at(2, reg(b'usr/sbin/diginit', b'\x7fELF'))),
        'dotdot': build(at(3, reg(b'etc/diglim/../../init'))),
        'dotdot-name': build(at(3, reg(b'etc/diglim/..'))),
        'dotfile': build(at(3, reg(b'etc/diglim/.hidden'))),
        'absolute': build(one(2, name=b'/' + L0['name'])),
        'subdir': build(at(3, reg(b'etc/diglim/a/b'))),
        'duplicate': build(at(3, fixed(L0))),
        'order': build(renumber([d0, d1, L1, L0] + lists[2:] + [tr])),
        'dir-as-list': build(at(3, fixed(d1, name=L0['name'] + b'd'))),
        'dir-extra': build(at(2, fixed(d1, name=b'etc/x'))),
        'dir-missing': build(renumber([d1] + lists + [tr])),
        'trailer-only': build([tr]),
        'trailer-after-etc': build([d0, tr]),
        'bad-name-space': build(at(3, reg(L0['name'] + b' x'))),
        'bad-name-control': build(at(3, reg(L0['name'] + b'\x01'))),
        'long-name': build(at(3, reg(b'etc/diglim/' + b'9' * 255))),
        'nonhex': build(es[:2]) + ser(L0, raw=('ino', b'0000000g')) + build(es[3:]),
        'upper-hex': build(es[:2]) + ser(L0, raw=('size', (b'%08X' % len(L0['data'])))) + build(es[3:]),
        'odc-magic': build(es[:2]) + ser(L0, magic=b'070707') + build(es[3:]),
        'crc-magic': build(es[:2]) + ser(L0, magic=b'070702') + build(es[3:]),
        'name-nul': build(es[:2]) + ser(fixed(L0, name=L0['name'][:11] + b'\0' + L0['name'][12:])) + build(es[3:]),
        'name-pad': build(es[:2]) + ser(L0, name_pad=b'\x01\x01\x01') + build(es[3:]) if (110 + len(L0['name']) + 1) % 4 else None,
        'data-pad': build(es[:isz]) + ser(sized, data_pad=b'\x01\x01\x01') + build(es[isz + 1:]),
        'ino': build(one(3, ino=9)),
        'mtime': build(one(3, mtime=1)),
        'check': build(one(2, check=1)),
        'dev': build(one(2, devmaj=8)),
        'empty-list': build(one(2, data=b'')),
        'dir-size': build(one(0, data=b'abcd')),
        'trailer-fields': build(body + [fixed(tr, mode=0o100644)]),
        'no-trailer': build(body),
        'empty-input': b'',
        'truncated-half': G[:len(G) // 2],
        'truncated-header': G[:len(build(es[:3])) + 50],
        'truncated-name': G[:len(build(es[:3])) + 110 + 5],  # 5 bytes of the name left
        'size-past-end': build(es[:-2]) + ser(fixed(es[-2], size=0x7fffffff)) + ser(tr),
        'second-gzip': G + gzip.compress(G, mtime=0),
        'second-cpio': G + G,
        'second-cpio-after-zeros': G + bytes(512) + G,
        'garbage-after-trailer': G + b'\x01',
        'gzip': gzip.compress(G, mtime=0),
        'xz': lzma.compress(G),
    }
    # a real hard-link pair: two names, one inode, nlink 2, the data on the last one
    hl = renumber(body + [tr])
    a = fixed(L1, name=L1['name'] + b'-a', nlink=2, data=b'', ino=len(body) + 1)
    b = fixed(L1, name=L1['name'] + b'-b', nlink=2, ino=len(body) + 1)
    cases['hardlink-pair'] = build(hl[:-1] + [a, b, tr])
    os.makedirs(outdir, exist_ok=True)
    for name, data in cases.items():
        if data is not None:
            open(os.path.join(outdir, name + '.img'), 'wb').write(data)


def add_entry(good, datafile, path, out):
    """GOOD with the directories of PATH and PATH itself (DATAFILE's bytes, mode 0755)
    inserted before the trailer, in the generator's header style (tests/qemu TEST-14)."""
    es = parse(open(good, 'rb').read())
    L0 = es[2]
    parts = path.split('/')
    new = [fixed(es[0], name='/'.join(parts[:i + 1]).encode(), data=b'')
           for i in range(len(parts) - 1)]
    new.append(fixed(L0, name=path.encode(), data=open(datafile, 'rb').read(),
                     mode=0o100755))
    open(out, 'wb').write(build(renumber(es[:-1] + new + es[-1:])))


if __name__ == '__main__':
    if sys.argv[1] == '--add-entry':
        add_entry(*sys.argv[2:6])
    else:
        main(*sys.argv[1:3])
