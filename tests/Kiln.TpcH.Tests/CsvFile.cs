using System.Text;

namespace Kiln.TpcH.Tests;

/// <summary>A minimal RFC 4180 reader for checking generated files independently of Kiln's CSV reader.</summary>
internal static class CsvFile
{
    /// <summary>The data rows (header skipped) of a file whose records hold no line breaks.</summary>
    public static IEnumerable<string[]> Rows(string path)
    {
        var header = true;
        foreach (var line in File.ReadLines(path))
        {
            if (header)
            {
                header = false;
                continue;
            }

            yield return Split(line);
        }
    }

    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
