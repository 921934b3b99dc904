using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>A list of words, each picked with probability proportional to its weight.</summary>
internal sealed class WeightedWords
{
    private readonly byte[][] _words;
    private readonly int[] _lookup;

    public WeightedWords(params (string Word, int Weight)[] entries)
    {
        _words = entries.Select(e => Encoding.ASCII.GetBytes(e.Word)).ToArray();
        var lookup = new List<int>();
        for (var i = 0; i < entries.Length; i++)
        {
            lookup.AddRange(Enumerable.Repeat(i, entries[i].Weight));
        }

        _lookup = lookup.ToArray();
    }

    public int Count => _words.Length;

    public byte[] Pick(ref RowRandom random) => _words[_lookup[random.Next(0, _lookup.Length - 1)]];
}
