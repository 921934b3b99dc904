using System.Runtime.InteropServices;
using System.Text;
using Kiln.Common.Compression;
using Kiln.Common.Config;

namespace Kiln.Common.Tests.Compression;

public sealed class CodecTests
{
    public static TheoryData<string, string> CodecsAndInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var codec in CompressionCodecs.All)
        {
            foreach (var input in Inputs.Keys)
            {
                data.Add(codec.Name, input);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<byte[]>> Inputs = new()
    {
        ["empty"] = () => [],
        ["one byte"] = () => [42],
        ["twelve bytes"] = () => Encoding.ASCII.GetBytes("abcabcabcabc"),
        ["thirteen bytes"] = () => Encoding.ASCII.GetBytes("abcabcabcabca"),
        ["zeros"] = () => new byte[100_000],
        ["random"] = () => Random(70_000, 1),
        ["text"] = () => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i % 97}: état {i * 7 % 13} ok; "))),
        ["short period"] = () => [.. Enumerable.Range(0, 50_000).Select(i => (byte)(i % 3))],
        ["columns"] = () => [.. Enumerable.Range(0, 40_000).SelectMany(i => BitConverter.GetBytes((long)i * 1000))],
        ["long literal then long match"] = () => [.. Random(300, 2), .. new byte[5000], .. Random(300, 2)],
        ["far repeats"] = () => { var a = Random(70_000, 3); return [.. a, .. a]; },
    };

    [Theory]
    [MemberData(nameof(CodecsAndInputs))]
    public void Every_codec_round_trips(string codecName, string inputName)
    {
        var codec = CompressionCodecs.ForName(codecName);
        var input = Inputs[inputName]();
        var compressed = Compress(codec, input);
        var output = new byte[input.Length];
        codec.Decompress(compressed, output);
        Assert.Equal(input, output);
        Assert.Same(codec, CompressionCodecs.ForId(codec.Id));
    }

    [Fact]
    public void Lz4_compresses_about_as_well_as_the_reference_library()
    {
        Assert.InRange(Compress(CompressionCodecs.Lz4, new byte[1 << 20]).Length, 1, 5000);
        foreach (var (name, input) in Inputs.Select(kv => (kv.Key, kv.Value())).Where(i => i.Item2.Length > 1000))
        {
            var theirs = new byte[ReferenceLz4.LZ4_compressBound(input.Length)];
            var reference = ReferenceLz4.LZ4_compress_default(input, theirs, input.Length, theirs.Length);
            Assert.True(Compress(CompressionCodecs.Lz4, input).Length <= (reference * 1.1) + 16, $"{name}: ours is much larger than the reference's {reference} bytes");
        }

        var random = Random(100_000, 9);
        Assert.InRange(Compress(CompressionCodecs.Lz4, random).Length, random.Length, CompressionCodecs.Lz4.MaxCompressedLength(random.Length));
    }

    [Fact]
    public void Lz4_blocks_are_interchangeable_with_the_reference_library()
    {
        var rng = new Random(11);
        foreach (var input in Inputs.Values.Select(f => f()).Concat(Enumerable.Range(0, 200).Select(i => Mixed(rng, rng.Next(1, 20_000)))))
        {
            var ours = Compress(CompressionCodecs.Lz4, input);
            var decoded = new byte[input.Length];
            Assert.Equal(input.Length, ReferenceLz4.LZ4_decompress_safe(ours, decoded, ours.Length, decoded.Length));
            Assert.Equal(input, decoded);

            var theirs = new byte[ReferenceLz4.LZ4_compressBound(input.Length)];
            var length = ReferenceLz4.LZ4_compress_default(input, theirs, input.Length, theirs.Length);
            Assert.True(length > 0);
            var ourDecoding = new byte[input.Length];
            CompressionCodecs.Lz4.Decompress(theirs.AsSpan(0, length), ourDecoding);
            Assert.Equal(input, ourDecoding);
        }
    }

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd")]
    [InlineData("deflate")]
    [InlineData("brotli")]
    [InlineData("none")]
    public void Corrupt_input_throws_invalid_data_and_never_writes_outside_the_output(string codecName)
    {
        var codec = CompressionCodecs.ForName(codecName);
        var rng = new Random(codecName.Length);
        var iterations = codecName == "lz4" ? 30_000 : 2_000;
        for (var i = 0; i < iterations; i++)
        {
            var input = Mixed(rng, rng.Next(0, 3000));
            var corrupt = Mutate(rng, Compress(codec, input));
            var expectedLength = rng.Next(4) == 0 ? rng.Next(0, 5000) : input.Length;

            // The output sits between guard bytes that must survive whatever the decoder does.
            var arena = new byte[expectedLength + 64];
            arena.AsSpan().Fill(0xA5);
            try
            {
                codec.Decompress(corrupt, arena.AsSpan(32, expectedLength));
            }
            catch (InvalidDataException)
            {
            }

            Assert.All(arena.AsSpan(0, 32).ToArray(), b => Assert.Equal(0xA5, b));
            Assert.All(arena.AsSpan(32 + expectedLength).ToArray(), b => Assert.Equal(0xA5, b));
        }
    }

    [Fact]
    public void Lz4_names_what_is_wrong_with_corrupt_input()
    {
        var compressed = Compress(CompressionCodecs.Lz4, Inputs["text"]());
        var e = Assert.Throws<InvalidDataException>(() => CompressionCodecs.Lz4.Decompress(compressed.AsSpan(0, compressed.Length / 2), new byte[Inputs["text"]().Length]));
        Assert.StartsWith("corrupt LZ4 data", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CompressionCodecs.Lz4.Decompress(compressed, new byte[10]));
        Assert.Throws<InvalidDataException>(() => CompressionCodecs.Lz4.Decompress([0x00, 0x01, 0x00], new byte[4]));
        Assert.Throws<InvalidDataException>(() => CompressionCodecs.Lz4.Decompress([0x10, (byte)'a', 0x02, 0x00], new byte[5]));
    }

    [Fact]
    public void The_codec_comes_from_configuration()
    {
        Assert.Same(CompressionCodecs.Lz4, CompressionCodecs.FromConf(new KilnConf()));
        Assert.Same(CompressionCodecs.Deflate, CompressionCodecs.FromConf(new KilnConf().Set("spark.io.compression.codec", "deflate")));
        Assert.Same(CompressionCodecs.None, CompressionCodecs.FromConf(new KilnConf().Set("kiln.shuffle.compress", "false")));
        var e = Assert.Throws<Kiln.Common.Errors.ConfigException>(() => new KilnConf().Set("kiln.io.compression.codec", "snappy"));
        Assert.Contains("lz4", e.Message, StringComparison.Ordinal);
        Assert.Null(CompressionCodecs.ForId(200));
    }

    private static byte[] Compress(CompressionCodec codec, byte[] input)
    {
        var buffer = new byte[codec.MaxCompressedLength(input.Length)];
        return buffer[..codec.Compress(input, buffer)];
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Runs of random bytes, repeats of earlier bytes at random distances, and constant runs.</summary>
    private static byte[] Mixed(Random rng, int length)
    {
        var bytes = new byte[length];
        var i = 0;
        while (i < length)
        {
            var run = Math.Min(length - i, rng.Next(1, 300));
            switch (rng.Next(3))
            {
                case 0:
                    rng.NextBytes(bytes.AsSpan(i, run));
                    break;
                case 1 when i > 0:
                    var from = rng.Next(Math.Max(0, i - 70_000), i);
                    for (var k = 0; k < run; k++)
                    {
                        bytes[i + k] = bytes[from + k];
                    }

                    break;
                default:
                    bytes.AsSpan(i, run).Fill((byte)rng.Next(4));
                    break;
            }

            i += run;
        }

        return bytes;
    }

    private static byte[] Mutate(Random rng, byte[] data)
    {
        var copy = data.ToList();
        switch (rng.Next(5))
        {
            case 0 when copy.Count > 0:
                var bit = rng.Next(copy.Count * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1 when copy.Count > 0:
                for (var k = rng.Next(1, 8); k > 0; k--)
                {
                    copy[rng.Next(copy.Count)] = (byte)rng.Next(256);
                }

                break;
            case 2:
                copy.RemoveRange(rng.Next(copy.Count + 1), 0);
                copy = copy.Take(rng.Next(copy.Count + 1)).ToList();
                break;
            case 3:
                copy.AddRange(Random(rng.Next(1, 40), rng.Next()));
                break;
            default:
                copy = Random(rng.Next(0, 200), rng.Next()).ToList();
                break;
        }

        return [.. copy];
    }

    /// <summary>The reference LZ4 library (liblz4, part of Debian's base system), to check the format against.</summary>
    private static class ReferenceLz4
    {
        [DllImport("liblz4.so.1")]
        public static extern int LZ4_compress_default(byte[] source, byte[] destination, int sourceSize, int maxDestinationSize);

        [DllImport("liblz4.so.1")]
        public static extern int LZ4_decompress_safe(byte[] source, byte[] destination, int compressedSize, int maxDecompressedSize);

        [DllImport("liblz4.so.1")]
        public static extern int LZ4_compressBound(int inputSize);
    }
}
