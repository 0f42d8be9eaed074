#!/usr/bin/env python3
# tests/mkinitrd/mkcheck.py — independent checks of diginit-mkinitrd output, written
# from DESIGN.md and init/compact.h (not from the C code):
#   cpio IMAGE MTIME        newc structure: order, modes, ids, inodes, nlink, sizes
#   region IMAGE SQLITE     each list's signed part == magic+region rebuilt from the
#                           rpmdb blob; the lists are exactly the db's usable headers
#   predict IMAGE PREDICTED [--reject NAME]...
#                           the line "image sha256:HEX" (the file's SHA-256), then compact lists and ima-buf template digests recomputed, one
#                           event per non-empty list (minus the --reject ones), then the
#                           seal event "diglim/seal" (buffer "lists=N trusted=N")
# Prints one line of explanation and exits 1 on the first mismatch.
import hashlib, sqlite3, struct, sys

MAGIC = bytes.fromhex('8eade80100000000')
MARKER = b'~Module signature appended~\n'


def fail(msg):
    print(msg)
    sys.exit(1)


def cpio_entries(d):
    off, out = 0, []
    while True:
        h = d[off:off + 110]
        if h[:6] != b'070701':
            fail('bad newc magic at %d' % off)
        f = [int(h[6 + 8 * k:14 + 8 * k], 16) for k in range(13)]
        ino, mode, uid, gid, nlink, mtime, size, dmaj, dmin, rmaj, rmin, nsz, chk = f
        name = d[off + 110:off + 110 + nsz - 1].decode()
        off = (off + 110 + nsz + 3) & ~3
        data = d[off:off + size]
        off = (off + size + 3) & ~3
        if name == 'TRAILER!!!':
            if off != len(d):
                fail('%d bytes after the trailer' % (len(d) - off))
            return out
        out.append(dict(ino=ino, mode=mode, uid=uid, gid=gid, nlink=nlink, mtime=mtime,
                        size=size, dev=(dmaj, dmin, rmaj, rmin), name=name, data=data))


def lists_of(img):
    return [(e['name'][len('etc/diglim/'):], e['data']) for e in cpio_entries(img)
            if e['name'].startswith('etc/diglim/')]


def cmd_cpio(img, mtime):
    es = cpio_entries(open(img, 'rb').read())
    if [e['name'] for e in es[:2]] != ['etc', 'etc/diglim']:
        fail('first entries are not etc, etc/diglim')
    names = [e['name'] for e in es[2:]]
    if names != sorted(names):
        fail('list entries not sorted')
    for i, e in enumerate(es):
        isdir = i < 2
        want = dict(ino=i + 1, mode=(0o40755 if isdir else 0o100644), uid=0, gid=0,
                    nlink=(2 if isdir else 1), mtime=int(mtime), dev=(0, 0, 0, 0))
        for k, v in want.items():
            if e[k] != v:
                fail('%s: %s is %r, want %r' % (e['name'], k, e[k], v))
        if isdir and e['size'] != 0:
            fail('%s: directory size %d' % (e['name'], e['size']))
        if not isdir and not e['name'].startswith('etc/diglim/'):
            fail('unexpected entry %s' % e['name'])
    print('%d entries ok' % len(es))


def signed_part(l):
    if l[:8] != MAGIC:
        fail('list magic')
    ril, rdl = struct.unpack('>II', l[8:16])
    return l[:16 + 16 * ril + rdl]


def region_tags(signed):
    ril, rdl = struct.unpack('>II', signed[8:16])
    idx, data = signed[16:16 + 16 * ril], signed[16 + 16 * ril:]
    tags = {}
    for i in range(1, ril):
        tag, typ, off, cnt = struct.unpack('>IIiI', idx[16 * i:16 * i + 16])
        tags[tag] = (typ, off, cnt)
    return tags, data


def get(tags, data, tag):
    if tag not in tags:
        return None
    typ, off, cnt = tags[tag]
    if typ in (6, 8, 9):
        out, p = [], off
        for _ in range(cnt):
            e = data.index(b'\0', p)
            out.append(data[p:e].decode('utf-8', 'replace'))
            p = e + 1
        return out
    fmt = {2: 'B', 1: 'B', 3: 'H', 4: 'I', 5: 'Q'}[typ]
    n = struct.calcsize(fmt)
    return list(struct.unpack('>%d%s' % (cnt, fmt), data[off:off + n * cnt]))


def cmd_region(img, db):
    lists = lists_of(open(img, 'rb').read())
    got = sorted(signed_part(l) for _, l in lists)
    want = []
    for (blob,) in sqlite3.connect(db).execute('select blob from Packages'):
        il, dl = struct.unpack('>II', blob[:8])
        idx, data = blob[8:8 + 16 * il], blob[8 + 16 * il:]
        tag, typ, off, cnt = struct.unpack('>IIiI', idx[:16])
        ttag, ttyp, toff, tcnt = struct.unpack('>IIiI', data[off:off + 16])
        ril, rdl = -toff // 16, off + 16
        signed = MAGIC + struct.pack('>II', ril, rdl) + idx[:16 * ril] + data[:rdl]
        sigs = {struct.unpack('>I', idx[16 * i:16 * i + 4])[0] for i in range(ril, il)}
        if not sigs & {267, 268, 278}:
            continue  # unsigned: left out (no --allow-unsigned here)
        tags, rdata = region_tags(signed)
        if get(tags, rdata, 1000)[0] == 'gpg-pubkey':
            continue
        dg = get(tags, rdata, 1035)
        if not dg or not any(dg):
            continue
        want.append(signed)
    want.sort()
    if got != want:
        fail('lists: %d, usable rpmdb headers: %d, or region bytes differ' %
             (len(got), len(want)))
    print('%d lists == magic+region of the rpmdb headers' % len(got))


KALGO = {8: 4, 9: 5, 10: 6, 11: 7}
IMMUTABLE_DIRS = ('/lib/modules/', '/usr/lib/modules/', '/lib/firmware/', '/usr/lib/firmware/')


def compact(l):
    tags, data = region_tags(signed_part(l))
    dg = get(tags, data, 1035) or []
    algo = (get(tags, data, 5011) or [1])[0]
    modes = get(tags, data, 1030)
    sizes = get(tags, data, 5008) or get(tags, data, 1028)
    bn, dn, di = get(tags, data, 1117), get(tags, data, 1118), get(tags, data, 1116)
    blocks = {1: [], 0: []}
    for i, h in enumerate(dg):
        if not h:
            continue
        mode, size = modes[i], sizes[i]
        path = dn[di[i]] + bn[i]
        imm = (mode & 0o111) or ((mode & 0o222) == 0 and size > 0) or \
            path.startswith(IMMUTABLE_DIRS)
        blocks[1 if imm else 0].append(bytes.fromhex(h))
    out = b''
    for mod in (1, 0):
        ds = blocks[mod]
        if ds:
            out += struct.pack('<BBHHHII', 1, 0, 1, mod, KALGO[algo], len(ds),
                               sum(map(len, ds))) + b''.join(ds)
    return out


def tmpl(h, fields):
    m = h()
    for f in fields:
        m.update(struct.pack('<I', len(f)) + f)
    return m.hexdigest()


def ima_buf_event(name, buf):
    """One ima-buf event as --predict prints it, from the template's definition:
    d-ng = "sha256" ':' NUL digest, n-ng = name NUL, buf; each field preceded by its
    length as 4 bytes little-endian; the template digest is the bank's hash over them."""
    d = hashlib.sha256(buf).digest()
    fields = [b'sha256:\0' + d, name.encode() + b'\0', buf]
    return [name, 'sha256:' + d.hex(), 'ima-buf',
            'sha256:' + tmpl(hashlib.sha256, fields), 'sha1:' + tmpl(hashlib.sha1, fields)]


def stub_cpio_sha256(data, cred_dir):
    """The archive systemd-stub makes of a credentials directory holding diginit.cred
    alone (.extra 0555, the directory 0500, the file 0400, inodes from 1, nlink 1, all
    else 0, padding from the archive's start, its own trailer), hashed: PCR 12."""
    out = bytearray()

    def entry(ino, mode, name, body=b''):
        n = name.encode() + b'\0'
        fields = [ino, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(n), 0]
        out.extend(b'070701' + b''.join(b'%08x' % f for f in fields) + n)
        out.extend(b'\0' * (-len(out) % 4))
        out.extend(body)
        out.extend(b'\0' * (-len(out) % 4))
    entry(1, 0o40555, '.extra')
    entry(2, 0o40500, cred_dir)
    entry(3, 0o100400, cred_dir + '/diginit.cred', data)
    out.extend(b'070701' + b'00000000' * 4 + b'00000001' + b'00000000' * 6 + b'0000000B' +
               b'00000000' + b'TRAILER!!!\0\0\0\0')
    return hashlib.sha256(bytes(out)).hexdigest()


def cmd_predict(img, pred, *opts):
    reject = {opts[i + 1] for i, o in enumerate(opts) if o == '--reject'}
    lines = [l.split() for l in open(pred) if l.strip()]
    # first the image file's own SHA-256 (what a boot loader measures), then the lists'
    # names in the kernel, then the one event: the seal, naming every list
    data = open(img, 'rb').read()
    want = [['image', 'sha256:' + hashlib.sha256(data).hexdigest()],
            ['stub-credentials', 'sha256:' + stub_cpio_sha256(data, '.extra/credentials')],
            ['stub-global-credentials',
             'sha256:' + stub_cpio_sha256(data, '.extra/global_credentials')]]
    names = []
    for name, l in sorted(lists_of(open(img, 'rb').read())):
        if name in reject:
            continue
        c = compact(l)
        if not c:
            continue
        # the kernel's name: NAME_MAX (255) holds it with ".ascii"
        names.append('sha256-%s-%s' % (hashlib.sha256(c).hexdigest(),
                                       name[:255 - 6 - 64 - 2 - 6]))
    want += [['list', n] for n in names]
    # the seal: n lists loaded, all trusted (PID 1), then their names in upload order
    seal = ('lists=%d trusted=%d' % (len(names), len(names))).encode()
    seal += b''.join(b'\n' + n.encode() for n in names)
    want.append(ima_buf_event('diglim/seal', seal))
    if lines != want:
        for a, b in zip(lines, want):
            if a != b:
                fail('predict: got %s, want %s' % (a, b))
        fail('predict: %d lines, want %d' % (len(lines), len(want)))
    print("image digests, %d lists and the seal's event match" % len(names))


def packets(b):
    """Count back-to-back OpenPGP packets (old and new framing, definite lengths)."""
    n, off = 0, 0
    while off < len(b):
        t = b[off]
        if not t & 0x80:
            fail('not a packet at %d' % off)
        if t & 0x40:
            l0 = b[off + 1]
            if l0 < 192:
                hl, bl = 2, l0
            elif l0 < 224:
                hl, bl = 3, ((l0 - 192) << 8) + b[off + 2] + 192
            elif l0 == 255:
                hl, bl = 6, struct.unpack('>I', b[off + 2:off + 6])[0]
            else:
                fail('partial length')
        else:
            lt = t & 3
            hl = 1 + (1, 2, 4)[lt]
            bl = int.from_bytes(b[off + 1:off + hl], 'big')
        off += hl + bl
        n += 1
    if off != len(b):
        fail('packets overrun')
    return n


def cmd_sigs(img):
    """Per list: name and the number of signature packets between region and trailer."""
    for name, l in lists_of(open(img, 'rb').read()):
        if l[-28:] != MARKER:
            fail('%s: no marker' % name)
        n = struct.unpack('>I', l[-32:-28])[0]
        if l[-40:-32] != bytes(8):
            fail('%s: module_signature fields not zero' % name)
        sp = signed_part(l)
        if len(sp) + n + 40 != len(l):
            fail('%s: sig_len %d does not fit' % (name, n))
        print(name, packets(l[len(sp):len(sp) + n]))


def cmd_tamper(db, mode):
    """Change the first suitable header of an sqlite rpmdb in place (rpm still reads it):
    padding: a region alignment byte becomes 1 (rpm ignores it; rpmhdr rejects);
    dribble-name: a NAME dribble 'evil' is added after the region (librpm's headerGet
    would return it; the list must keep the signed name). Prints the region's NAME."""
    con = sqlite3.connect(db)
    align = {3: 2, 4: 4, 5: 8}
    for hnum, blob in con.execute('select hnum, blob from Packages order by hnum').fetchall():
        il, dl = struct.unpack('>II', blob[:8])
        ents = [struct.unpack('>IIiI', blob[8 + 16 * i:24 + 16 * i]) for i in range(il)]
        d = blob[8 + 16 * il:]
        toff = struct.unpack('>i', d[ents[0][2] + 8:ents[0][2] + 12])[0]
        ril = -toff // 16
        signed = MAGIC + struct.pack('>II', ril, ents[0][2] + 16) + blob[8:8 + 16 * ril] + \
            d[:ents[0][2] + 16]
        tags, rdata = region_tags(signed)
        name = get(tags, rdata, 1000)[0]
        if name == 'gpg-pubkey' or not any(get(tags, rdata, 1035) or []):
            continue
        if mode == 'dribble-name':
            val = b'evil\0'
            nb = struct.pack('>II', il + 1, dl + len(val)) + blob[8:8 + 16 * il] + \
                struct.pack('>IIiI', 1000, 6, dl, 1) + d + val
        else:
            reg = sorted(ents[1:ril], key=lambda e: e[2])
            nb = None
            for a, b in zip(reg, reg[1:]):
                if b[1] in align and a[1] in (6, 8, 9):
                    p = a[2]
                    for _ in range(a[3]):
                        p = d.index(b'\0', p) + 1
                    if b[2] > p:
                        nb = bytearray(blob)
                        nb[8 + 16 * il + p] = 1
                        nb = bytes(nb)
                        break
            if nb is None:
                continue
        con.execute('update Packages set blob=? where hnum=?', (nb, hnum))
        con.commit()
        print(name)
        return
    fail('no header to tamper with')


if __name__ == '__main__':
    {'cpio': cmd_cpio, 'region': cmd_region, 'predict': cmd_predict, 'tamper': cmd_tamper, 'sigs': cmd_sigs}[sys.argv[1]](*sys.argv[2:])
