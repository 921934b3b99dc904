using System.Text;

namespace Kiln.TestCluster;

/// <summary>
/// Kubernetes' $(VAR) expansion for command, args and env values: $(NAME) becomes the variable's value if it
/// is defined, and stays as written otherwise; $$ escapes a dollar, so $$(NAME) yields the literal $(NAME).
/// </summary>
internal static class VariableExpansion
{
    public static string Expand(string input, Func<string, string?> lookup)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                sb.Append(input[i]);
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
            }
            else if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close < 0)
                {
                    sb.Append(input, i, input.Length - i);
                    break;
                }

                var name = input[(i + 2)..close];
                sb.Append(lookup(name) ?? input[i..(close + 1)]);
                i = close;
            }
            else
            {
                sb.Append('$');
            }
        }

        return sb.ToString();
    }
}
