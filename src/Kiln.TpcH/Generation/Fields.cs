namespace Kiln.TpcH.Generation;

/// <summary>Field formats shared by several tables: random v-strings (addresses) and phone numbers.</summary>
internal static class Fields
{
    /// <summary>A random string of [min, max] characters from a 64-character alphabet (clause 4.2.2.7).</summary>
    public static void VString(CsvBuffer buffer, ref RowRandom random, int min, int max)
    {
        Span<byte> text = stackalloc byte[max];
        var length = random.Next(min, max);
        for (var i = 0; i < length; i++)
        {
            text[i] = Vocabulary.AddressAlphabet[random.Next(0, Vocabulary.AddressAlphabet.Length - 1)];
        }

        buffer.Text(text[..length]);
    }

    /// <summary>A phone number <c>CC-LLL-LLL-LLLL</c> whose country code is the nation key + 10 (clause 4.2.2.9).</summary>
    public static void Phone(CsvBuffer buffer, ref RowRandom random, int nationKey)
    {
        Span<byte> text = stackalloc byte[15];
        Digits(text[..2], nationKey + 10);
        text[2] = (byte)'-';
        Digits(text.Slice(3, 3), random.Next(100, 999));
        text[6] = (byte)'-';
        Digits(text.Slice(7, 3), random.Next(100, 999));
        text[10] = (byte)'-';
        Digits(text.Slice(11, 4), random.Next(1000, 9999));
        buffer.Raw(text);
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
