using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kiln.Common.Compression;

/// <summary>
/// LZ4 block format (the format of LZ4's <c>LZ4_compress_default</c>, without the frame wrapper), implemented
/// here: a greedy LZ77 with a hash table of 4-byte sequences. Compresses at several hundred MB/s and
/// decompresses at over a GB/s; the caller records the decompressed length (batch frames do).
/// <code>
/// block    := sequence* last
/// sequence := token | [literal length bytes] | literals | offset:u16 LE | [match length bytes]
/// last     := token (match nibble 0) | [literal length bytes] | literals          (ends the block)
/// token    := literal length (high nibble) | match length - 4 (low nibble); 15 = continued in the
///             following bytes, each added, until one below 255
/// rules    := matches are at least 4 bytes, at most 65535 back; the last 5 bytes are literals and the
///             last match starts at least 12 bytes before the end
/// </code>
/// The decoder trusts nothing: every length and offset is checked against both buffers before it is used,
/// so corrupt input throws <see cref="InvalidDataException"/> and never reads or writes out of bounds.
/// </summary>
public sealed class Lz4Codec : CompressionCodec
{
    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int MaxDistance = 65535;
    private const int MaxHashLog = 14;

    [ThreadStatic]
    private static int[]? t_table;

    public override byte Id => 3;

    public override string Name => "lz4";

    public override int MaxCompressedLength(int inputLength) => inputLength + (inputLength / 255) + 16;

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxCompressedLength(source.Length))
        {
            throw new ArgumentException($"the destination needs {MaxCompressedLength(source.Length)} bytes", nameof(destination));
        }

        var hashLog = Math.Clamp(BitOperations.Log2((uint)Math.Max(source.Length, 1)), 8, MaxHashLog);
        var table = t_table ??= new int[1 << MaxHashLog];
        Array.Clear(table, 0, 1 << hashLog);
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        fixed (int* hashes = table)
        {
            return (int)(CompressBlock(src, source.Length, dst, hashes, hashLog) - dst);
        }
    }

    private static unsafe byte* CompressBlock(byte* src, int length, byte* dst, int* table, int hashLog)
    {
        var end = src + length;
        var anchor = src;
        var op = dst;
        if (length > MatchFindLimit)
        {
            var matchFindLimit = end - MatchFindLimit;
            var matchLimit = end - LastLiterals;
            var shift = 32 - hashLog;
            var ip = src;
            table[Hash(Read32(ip), shift)] = 0;
            ip++;
            while (true)
            {
                // Find a match; the step grows while nothing matches, so incompressible input is skipped fast.
                byte* match;
                var attempts = 1 << 6;
                while (true)
                {
                    if (ip > matchFindLimit)
                    {
                        return WriteLastLiterals(op, anchor, end);
                    }

                    var sequence = Read32(ip);
                    var h = Hash(sequence, shift);
                    match = src + table[h];
                    table[h] = (int)(ip - src);
                    if (match < ip && ip - match <= MaxDistance && Read32(match) == sequence)
                    {
                        break;
                    }

                    ip += attempts++ >> 6;
                }

                while (ip > anchor && match > src && ip[-1] == match[-1])
                {
                    ip--;
                    match--;
                }

                var matchEnd = ExtendMatch(ip + MinMatch, match + MinMatch, matchLimit);
                op = WriteSequence(op, anchor, (int)(ip - anchor), (int)(ip - match), (int)(matchEnd - ip));
                ip = matchEnd;
                anchor = ip;
                if (ip > matchFindLimit)
                {
                    break;
                }

                table[Hash(Read32(ip - 2), shift)] = (int)(ip - 2 - src);
            }
        }

        return WriteLastLiterals(op, anchor, end);
    }

    /// <summary>The end of the match that starts at <paramref name="p"/> and <paramref name="m"/>, not beyond <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte* ExtendMatch(byte* p, byte* m, byte* limit)
    {
        while (p + 8 <= limit)
        {
            var difference = Read64(p) ^ Read64(m);
            if (difference != 0)
            {
                return p + (BitOperations.TrailingZeroCount(difference) >> 3);
            }

            p += 8;
            m += 8;
        }

        while (p < limit && *p == *m)
        {
            p++;
            m++;
        }

        return p;
    }

    private static unsafe byte* WriteSequence(byte* op, byte* literals, int literalLength, int offset, int matchLength)
    {
        var token = op++;
        op = WriteLength(op, token, literalLength, 4);
        Buffer.MemoryCopy(literals, op, literalLength, literalLength);
        op += literalLength;
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(op, 2), (ushort)offset);
        op += 2;
        return WriteLength(op, token, matchLength - MinMatch, 0);
    }

    private static unsafe byte* WriteLastLiterals(byte* op, byte* anchor, byte* end)
    {
        var length = (int)(end - anchor);
        var token = op++;
        op = WriteLength(op, token, length, 4);
        Buffer.MemoryCopy(anchor, op, length, length);
        return op + length;
    }

    /// <summary>Puts a length in the token's nibble at <paramref name="shift"/>, continued in extra bytes from 15 up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe byte* WriteLength(byte* op, byte* token, int length, int shift)
    {
        if (shift == 4)
        {
            *token = 0;
        }

        if (length < 15)
        {
            *token |= (byte)(length << shift);
            return op;
        }

        *token |= (byte)(15 << shift);
        length -= 15;
        while (length >= 255)
        {
            *op++ = 255;
            length -= 255;
        }

        *op++ = (byte)length;
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint sequence, int shift) => (sequence * 2654435761u) >> shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe uint Read32(byte* p) => Unsafe.ReadUnaligned<uint>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong Read64(byte* p) => Unsafe.ReadUnaligned<ulong>(p);

    public override unsafe void Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        {
            DecodeBlock(src, src + source.Length, dst, dst + destination.Length);
        }
    }

    /// <summary>
    /// Decodes one block. Each length and offset is checked against what is left of the input and the output
    /// before it is used. Short copies move 16 (literals) or 24 (matches) bytes at once, but only where at least
    /// that much output space remains; bytes written past the sequence are overwritten by the next ones.
    /// </summary>
    private static unsafe void DecodeBlock(byte* ip, byte* ipEnd, byte* dst, byte* opEnd)
    {
        var op = dst;
        while (true)
        {
            if (ip >= ipEnd)
            {
                throw Corrupt("it ends before its last sequence");
            }

            var token = (uint)*ip++;
            var literalLength = (nuint)(token >> 4);
            if (literalLength != 15 && ipEnd - ip >= 16 && opEnd - op >= 16)
            {
                Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(ip));
            }
            else
            {
                if (literalLength == 15)
                {
                    literalLength = ReadLength(ref ip, ipEnd, 15, (nuint)(opEnd - op));
                }

                if (literalLength > (nuint)(ipEnd - ip) || literalLength > (nuint)(opEnd - op))
                {
                    throw Corrupt("a literal run goes past the end of the input or the output");
                }

                Buffer.MemoryCopy(ip, op, literalLength, literalLength);
            }

            ip += literalLength;
            op += literalLength;
            if (ip == ipEnd)
            {
                if (op != opEnd)
                {
                    throw Corrupt($"it decodes to {op - dst} bytes, not {opEnd - dst}");
                }

                return;
            }

            if (ipEnd - ip < 2)
            {
                throw Corrupt("a match offset is cut off");
            }

            var offset = (nuint)(ip[0] | (ip[1] << 8));
            ip += 2;
            if (offset == 0 || offset > (nuint)(op - dst))
            {
                throw Corrupt($"a match refers {offset} bytes back from position {op - dst}");
            }

            var match = op - offset;
            var matchLength = (nuint)(token & 15);
            if (matchLength != 15 && offset >= 8 && opEnd - op >= 24)
            {
                // At least 8 back: every 8-byte step reads bytes that are already final.
                Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<ulong>(match));
                Unsafe.WriteUnaligned(op + 8, Unsafe.ReadUnaligned<ulong>(match + 8));
                Unsafe.WriteUnaligned(op + 16, Unsafe.ReadUnaligned<ulong>(match + 16));
                op += matchLength + MinMatch;
                continue;
            }

            if (matchLength == 15)
            {
                matchLength = ReadLength(ref ip, ipEnd, 15, (nuint)(opEnd - op));
            }

            matchLength += MinMatch;
            if (matchLength > (nuint)(opEnd - op))
            {
                throw Corrupt("a match goes past the end of the output");
            }

            CopyMatch(op, match, offset, matchLength);
            op += matchLength;
        }
    }

    /// <summary>A length continued in extra bytes after its token nibble; longer than <paramref name="limit"/> is corrupt.</summary>
    private static unsafe nuint ReadLength(ref byte* ip, byte* ipEnd, nuint length, nuint limit)
    {
        uint next;
        do
        {
            if (ip >= ipEnd)
            {
                throw Corrupt("a length is cut off");
            }

            next = *ip++;
            length += next;
            if (length > limit + MinMatch)
            {
                throw Corrupt("a length exceeds the output");
            }
        }
        while (next == 255);

        return length;
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> back; source and target may overlap.</summary>
    private static unsafe void CopyMatch(byte* op, byte* match, nuint offset, nuint length)
    {
        if (offset >= length)
        {
            Buffer.MemoryCopy(match, op, length, length);
        }
        else if (offset == 1)
        {
            new Span<byte>(op, (int)length).Fill(*match);
        }
        else
        {
            // The copied region repeats with period offset; each copy doubles the bytes available to copy from.
            nuint copied = 0;
            while (copied < length)
            {
                var n = Math.Min((nuint)(op + copied - match), length - copied);
                Buffer.MemoryCopy(match, op + copied, n, n);
                copied += n;
            }
        }
    }

    private static InvalidDataException Corrupt(string what) => new($"corrupt LZ4 data: {what}");
}
