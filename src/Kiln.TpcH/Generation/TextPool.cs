namespace Kiln.TpcH.Generation;

/// <summary>
/// The pseudo-text from which every comment is cut (clause 4.2.2.10): sentences of the TPC-H grammar joined by
/// spaces. A comment of length [min, max] is a substring at a random offset, so it may start or end inside a word,
/// as dbgen's do. The specification's pool is 300 MB; this one is smaller (its size is part of the generator
/// version) and is built once per process from a fixed seed, so it is the same on every run.
/// </summary>
internal sealed class TextPool
{
    public const int Size = 16 * 1024 * 1024;

    private const ulong Stream = 0x7E47;

    private static readonly Lazy<TextPool> Shared = new(() => new TextPool(Size));

    private readonly byte[] _text;

    private TextPool(int size)
    {
        _text = new byte[size];
        var random = new RowRandom(Stream, 0);
        var pos = 0;
        var sentence = new byte[1024];
        while (pos < size)
        {
            var length = Sentence(ref random, sentence);
            var n = Math.Min(length, size - pos);
            sentence.AsSpan(0, n).CopyTo(_text.AsSpan(pos));
            pos += n;
            if (pos < size)
            {
                _text[pos++] = (byte)' ';
            }
        }
    }

    public static TextPool Instance => Shared.Value;

    /// <summary>A text of random length in [<paramref name="min"/>, <paramref name="max"/>] from a random offset.</summary>
    public ReadOnlySpan<byte> Text(ref RowRandom random, int min, int max)
    {
        var length = random.Next(min, max);
        var offset = random.Next(0, _text.Length - length);
        return _text.AsSpan(offset, length);
    }

    private static int Sentence(ref RowRandom random, byte[] buffer)
    {
        var pos = 0;
        foreach (var part in Vocabulary.Sentences.Pick(ref random))
        {
            switch ((char)part)
            {
                case 'N':
                    NounPhrase(ref random, buffer, ref pos);
                    break;
                case 'V':
                    VerbPhrase(ref random, buffer, ref pos);
                    break;
                case 'P':
                    Word(buffer, ref pos, Vocabulary.Prepositions.Pick(ref random));
                    Word(buffer, ref pos, "the"u8);
                    NounPhrase(ref random, buffer, ref pos);
                    break;
                default:
                    var terminator = Vocabulary.Terminators.Pick(ref random);
                    terminator.CopyTo(buffer.AsSpan(pos));
                    pos += terminator.Length;
                    break;
            }
        }

        return pos;
    }

    private static void NounPhrase(ref RowRandom random, byte[] buffer, ref int pos)
    {
        foreach (var part in Vocabulary.NounPhrases.Pick(ref random))
        {
            switch ((char)part)
            {
                case 'N':
                    Word(buffer, ref pos, Vocabulary.Nouns.Pick(ref random));
                    break;
                case 'J':
                    Word(buffer, ref pos, Vocabulary.Adjectives.Pick(ref random));
                    break;
                case 'D':
                    Word(buffer, ref pos, Vocabulary.Adverbs.Pick(ref random));
                    break;
                default:
                    buffer[pos++] = (byte)',';
                    break;
            }
        }
    }

    private static void VerbPhrase(ref RowRandom random, byte[] buffer, ref int pos)
    {
        foreach (var part in Vocabulary.VerbPhrases.Pick(ref random))
        {
            var words = (char)part switch
            {
                'V' => Vocabulary.Verbs,
                'X' => Vocabulary.Auxiliaries,
                _ => Vocabulary.Adverbs,
            };
            Word(buffer, ref pos, words.Pick(ref random));
        }
    }

    /// <summary>Appends a word, preceded by a space unless it starts the sentence.</summary>
    private static void Word(byte[] buffer, ref int pos, ReadOnlySpan<byte> word)
    {
        if (pos > 0)
        {
            buffer[pos++] = (byte)' ';
        }

        word.CopyTo(buffer.AsSpan(pos));
        pos += word.Length;
    }
}
