namespace Kiln.DataSources.Csv;

/// <summary>A reusable byte buffer for unescaped field text.</summary>
internal sealed class CsvScratch
{
    private byte[] _buffer = new byte[256];

    public byte[] Rent(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return _buffer;
    }
}
