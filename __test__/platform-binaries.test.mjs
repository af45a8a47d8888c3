// Reads each built platform package and its binary, without running it:
//   PACT_MOCK_SERVER_PLATFORM_TARBALLS=<dir> node --test __test__/platform-binaries.test.mjs
// <dir> holds pact-mock-server-<target>-<version>.tgz files (npm run pack:all -- <dir> --targets all).
// For each: the package's os/cpu/libc, one binary, at most 6 MiB packed; the binary's format and
// architecture (headers parsed here); the Node-API entry point exported; and that it links only
// to what its platform guarantees (glibc symbol versions up to 2.17 for gnu, no glibc for musl,
// only /usr/lib and /System libraries on macOS, only system DLLs on Windows). Uses Debian's
// readelf (ELF) and llvm-objdump (Mach-O, PE) for symbol tables. Without the variable, or with
// no tarball in the directory, every test is skipped with a message that says so.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const dir = process.env.PACT_MOCK_SERVER_PLATFORM_TARBALLS
const prefix = `${manifest.name}-`
const suffix = `-${manifest.version}.tgz`
const tarballs = dir
  ? readdirSync(resolve(dir)).filter((name) => name.startsWith(prefix) && name.endsWith(suffix) && name !== `${manifest.name}${suffix}`)
  : []
const skip = !dir
  ? 'set PACT_MOCK_SERVER_PLATFORM_TARBALLS to a directory of packed platform tarballs (npm run pack:all -- <dir> --targets all)'
  : tarballs.length === 0
    ? `no ${prefix}<target>${suffix} in ${dir}: nothing was built`
    : false
if (skip) console.error(`platform-binaries: skipped: ${skip}`)

// What each target must be: napi-rs's os/cpu/libc names, and the binary's format and machine.
const expected = {
  'linux-x64-gnu': { os: 'linux', cpu: 'x64', libc: 'glibc', format: 'elf', machine: 62 },
  'linux-arm64-gnu': { os: 'linux', cpu: 'arm64', libc: 'glibc', format: 'elf', machine: 183 },
  'linux-x64-musl': { os: 'linux', cpu: 'x64', libc: 'musl', format: 'elf', machine: 62 },
  'linux-arm64-musl': { os: 'linux', cpu: 'arm64', libc: 'musl', format: 'elf', machine: 183 },
  'darwin-x64': { os: 'darwin', cpu: 'x64', format: 'macho', machine: 0x01000007, minOs: [10, 15] },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64', format: 'macho', machine: 0x0100000c, minOs: [11, 0] },
  'win32-x64-msvc': { os: 'win32', cpu: 'x64', format: 'pe', machine: 0x8664 },
  'win32-arm64-msvc': { os: 'win32', cpu: 'arm64', format: 'pe', machine: 0xaa64 },
}

// Shared libraries every Linux (glibc) system has; the gcc runtime is there wherever Node runs.
const glibcLibraries = /^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libgcc_s\.so\.1|ld-linux-(x86-64|aarch64)\.so\.[12])$/
// musl's libc (one file holds libm, libpthread, ...) and libgcc_s, which Alpine's nodejs depends on.
const muslLibraries = /^(libc\.so|libc\.musl-(x86_64|aarch64)\.so\.1|libgcc_s\.so\.1)$/
// DLLs of Windows itself (msvcrt.dll included: every Windows has it). Not libnode.dll, not
// node.exe (Node-API is looked up at run time), not mingw's libgcc/libwinpthread/libstdc++.
const windowsDlls = /^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|crypt32|ncrypt|secur32|userenv|ws2_32|ole32|oleaut32|shell32|user32|msvcrt|ucrtbase|synchronization|api-ms-win-[a-z0-9-]+)\.dll$/i

function tool(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
}

function unpack(tarball) {
  const into = mkdtempSync(join(tmpdir(), 'pact-mock-server-binary-'))
  tool('tar', ['-xzf', join(resolve(dir), tarball), '-C', into])
  return join(into, 'package')
}

function checkElf(file, bytes, want) {
  assert.equal(bytes.readUInt32BE(0), 0x7f454c46, 'ELF magic')
  assert.equal(bytes[4], 2, 'a 64-bit ELF')
  assert.equal(bytes[5], 1, 'little-endian')
  assert.equal(bytes.readUInt16LE(16), 3, 'ET_DYN: a shared object')
  assert.equal(bytes.readUInt16LE(18), want.machine, 'e_machine')

  const symbols = tool('readelf', ['--dyn-syms', '--wide', file])
  const entry = symbols.split('\n').find((line) => /\snapi_register_module_v1$/.test(line))
  assert.ok(entry && !/\sUND\s/.test(entry) && /\sGLOBAL\s/.test(entry), `napi_register_module_v1 is not exported: ${entry}`)

  const needed = [...tool('readelf', ['--dynamic', '--wide', file]).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  const versions = [...tool('readelf', ['--version-info', '--wide', file]).matchAll(/GLIBC_(\d+)\.(\d+)(?:\.(\d+))?/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)])
  if (want.libc === 'glibc') {
    for (const library of needed) assert.match(library, glibcLibraries, `links ${library}, which not every glibc system has`)
    assert.ok(versions.length > 0, 'no GLIBC_ symbol versions: not linked against glibc')
    const newest = versions.sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])[0]
    assert.ok(newest[0] === 2 && newest[1] <= 17, `needs GLIBC_${newest.join('.')}, newer than 2.17`)
    return `glibc ${newest.slice(0, 2).join('.')} at most; needs ${needed.join(' ')}`
  }
  for (const library of needed) assert.match(library, muslLibraries, `links ${library}, which is not musl's`)
  assert.deepEqual(versions, [], 'refers to glibc symbol versions')
  return `no glibc; needs ${needed.join(' ')}`
}

function checkMachO(file, bytes, want) {
  assert.equal(bytes.readUInt32LE(0), 0xfeedfacf, 'a 64-bit Mach-O (not fat)')
  assert.equal(bytes.readUInt32LE(4), want.machine, 'cputype')
  assert.ok([6, 8].includes(bytes.readUInt32LE(12)), 'MH_DYLIB or MH_BUNDLE')
  const commands = bytes.readUInt32LE(16)
  const libraries = []
  let minOs
  let signature
  for (let i = 0, at = 32; i < commands; i++) {
    const command = bytes.readUInt32LE(at)
    const size = bytes.readUInt32LE(at + 4)
    // LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LOAD_UPWARD_DYLIB: the name at an offset.
    if ([0xc, 0x80000018, 0x8000001f, 0x80000023].includes(command)) {
      const name = bytes.subarray(at + bytes.readUInt32LE(at + 8), at + size)
      libraries.push(name.subarray(0, name.indexOf(0)).toString('latin1'))
    }
    if (command === 0x32) {
      // LC_BUILD_VERSION: minos as xxxx.yy.zz in nibbles.
      const encoded = bytes.readUInt32LE(at + 12)
      minOs = [encoded >>> 16, (encoded >> 8) & 0xff]
    }
    if (command === 0x1d) signature = { offset: bytes.readUInt32LE(at + 8), size: bytes.readUInt32LE(at + 12) }
    if (command === 0x24) {
      // LC_VERSION_MIN_MACOSX
      const encoded = bytes.readUInt32LE(at + 8)
      minOs = [encoded >>> 16, (encoded >> 8) & 0xff]
    }
    at += size
  }
  assert.ok(libraries.length > 0, 'links no library at all')
  for (const library of libraries) assert.match(library, /^(\/usr\/lib\/|\/System\/Library\/)/, `links ${library}, not a system library`)
  assert.ok(minOs, 'no minimum macOS version recorded')
  assert.ok(minOs[0] < want.minOs[0] || (minOs[0] === want.minOs[0] && minOs[1] <= want.minOs[1]), `needs macOS ${minOs.join('.')}, newer than ${want.minOs.join('.')}`)
  // Apple silicon refuses to load code without a valid signature: the linker's ad-hoc one must
  // hash every page as it is in the file (a strip or edit after linking would break it).
  if (want.cpu === 'arm64') assert.ok(signature, 'no LC_CODE_SIGNATURE: arm64 macOS will not load it')
  if (signature) verifyAdHocSignature(bytes, signature)
  const exports = tool('llvm-objdump', ['--macho', '--exports-trie', file])
  assert.match(exports, /\b_napi_register_module_v1\b/, 'napi_register_module_v1 is not exported')
  return `macOS ${minOs.join('.')}+; ad-hoc signature ${signature ? 'valid' : 'absent'}; links ${libraries.join(' ')}`
}

/** Checks the SHA-256 page hashes of the code directory in a Mach-O's signature superblob. */
function verifyAdHocSignature(bytes, { offset }) {
  assert.equal(bytes.readUInt32BE(offset), 0xfade0cc0, 'signature superblob magic')
  const blobs = bytes.readUInt32BE(offset + 8)
  let directory
  for (let i = 0; i < blobs; i++) {
    const blob = offset + bytes.readUInt32BE(offset + 12 + i * 8 + 4)
    if (bytes.readUInt32BE(blob) === 0xfade0c02) directory = blob
  }
  assert.ok(directory !== undefined, 'no code directory in the signature')
  const hashOffset = bytes.readUInt32BE(directory + 16)
  const codeSlots = bytes.readUInt32BE(directory + 28)
  const codeLimit = bytes.readUInt32BE(directory + 32)
  const hashSize = bytes[directory + 36]
  const hashType = bytes[directory + 37]
  const pageSize = 2 ** bytes[directory + 39]
  assert.equal(hashType, 2, 'SHA-256 page hashes')
  assert.equal(codeSlots, Math.ceil(codeLimit / pageSize))
  for (let page = 0; page < codeSlots; page++) {
    const start = page * pageSize
    const actual = createHash('sha256').update(bytes.subarray(start, Math.min(start + pageSize, codeLimit))).digest()
    const recorded = bytes.subarray(directory + hashOffset + page * hashSize, directory + hashOffset + (page + 1) * hashSize)
    assert.ok(actual.subarray(0, hashSize).equals(recorded), `the code signature does not match page ${page}`)
  }
}

function checkPe(file, bytes, want) {
  assert.equal(bytes.toString('latin1', 0, 2), 'MZ')
  const pe = bytes.readUInt32LE(0x3c)
  assert.equal(bytes.readUInt32BE(pe), 0x50450000, 'PE signature')
  assert.equal(bytes.readUInt16LE(pe + 4), want.machine, 'Machine')
  assert.ok(bytes.readUInt16LE(pe + 22) & 0x2000, 'IMAGE_FILE_DLL')
  const headers = tool('llvm-objdump', ['--private-headers', file])
  const dlls = [...headers.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1])
  assert.ok(dlls.length > 0, 'imports no DLL at all')
  for (const dll of dlls) assert.match(dll, windowsDlls, `imports ${dll}, not a DLL of Windows itself`)
  // The export table lists names after their ordinals.
  const exportTable = headers.slice(headers.indexOf('Export Table:'))
  assert.match(exportTable, /\bnapi_register_module_v1\b/, 'napi_register_module_v1 is not exported')
  assert.doesNotMatch(headers.slice(0, headers.indexOf('Export Table:')), /\bnapi_create_object\b/, 'imports Node-API by name from a DLL')
  return `imports ${[...new Set(dlls.map((dll) => dll.toLowerCase()))].sort().join(' ')}`
}

for (const tarball of tarballs.length ? tarballs : ['(none)']) {
  const target = tarball.slice(prefix.length, tarball.length - suffix.length)
  test(`platform package ${target}`, { skip }, (t) => {
    const want = expected[target]
    assert.ok(want, `unknown target ${target}`)
    const unpacked = unpack(tarball)
    try {
      const platformManifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'))
      assert.equal(platformManifest.name, `${manifest.name}-${target}`)
      assert.equal(platformManifest.version, manifest.version)
      assert.deepEqual(platformManifest.os, [want.os])
      assert.deepEqual(platformManifest.cpu, [want.cpu])
      assert.deepEqual(platformManifest.libc, want.libc ? [want.libc] : undefined)
      const binaries = readdirSync(unpacked).filter((name) => name.endsWith('.node'))
      assert.deepEqual(binaries, [`${manifest.napi.binaryName}.${target}.node`])
      assert.equal(platformManifest.main, binaries[0])

      const file = join(unpacked, binaries[0])
      const bytes = readFileSync(file)
      const check = { elf: checkElf, macho: checkMachO, pe: checkPe }[want.format]
      const summary = check(file, bytes, want)
      const packed = statSync(join(resolve(dir), tarball)).size
      t.diagnostic(`${target}: ${(bytes.length / 1024).toFixed(0)} KiB, ${(packed / 1024).toFixed(0)} KiB packed, ${summary}`)
      // Last, so that a binary too large still gets every other check.
      assert.ok(packed <= 6 * 1024 * 1024, `${tarball} is ${(packed / 1048576).toFixed(2)} MiB packed, more than 6 MiB`)
    } finally {
      rmSync(join(unpacked, '..'), { recursive: true, force: true })
    }
  })
}
