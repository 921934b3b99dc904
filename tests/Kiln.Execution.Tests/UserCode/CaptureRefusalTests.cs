using System.Net.Sockets;
using Kiln.Execution.Physical;
using Kiln.Execution.UserCode;

namespace Kiln.Execution.Tests.UserCode;

/// <summary>Captures that cannot travel are refused on the driver, naming the captured field and its type.</summary>
public sealed class CaptureRefusalTests
{
    private readonly Socket? _socket = null;

    private static ClosureNotSerializableException Refused(Delegate d) =>
        Assert.Throws<ClosureNotSerializableException>(() => ClosureSerializer.Serialize(d));

    [Fact]
    public void A_captured_socket_is_refused_with_the_field_and_type()
    {
        using var conn = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Func<int, int> f = x => x + (conn.Connected ? 1 : 0);
        var e = Refused(f);
        Assert.Equal(
            "lambda in CaptureRefusalTests.A_captured_socket_is_refused_with_the_field_and_type captures field 'conn' of type System.Net.Sockets.Socket, "
            + "which cannot be sent to executors; capture only serializable values (primitives, strings, decimals, dates, arrays, lists, dictionaries, and records or classes of those) or use a Broadcast",
            e.Message);
        Assert.Equal("conn", e.FieldPath);
        Assert.Equal("System.Net.Sockets.Socket", e.FieldType);
    }

    [Fact]
    public void A_stream_reached_through_this_names_the_path()
    {
        var holder = new StreamHolder();
        var e = Refused(holder.Reader());
        Assert.Equal("this.Stream", e.FieldPath);
        Assert.Equal("System.IO.MemoryStream", e.FieldType);
        Assert.StartsWith("lambda in CaptureRefusalTests.StreamHolder.Reader captures field 'this.Stream'", e.Message, StringComparison.Ordinal);
    }

    private sealed class StreamHolder
    {
        public MemoryStream Stream { get; } = new();

        public Func<long> Reader() => () => Stream.Length;
    }

    [Fact]
    public void A_variable_only_a_sibling_lambda_captures_is_left_behind()
    {
        using var conn = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var limit = 3;
        Func<bool> sibling = () => conn.Connected;
        Func<int, bool> f = x => x < limit;
        Assert.Same(sibling.Target, f.Target);

        var copy = ClosureSerializer.Deserialize<Func<int, bool>>(ClosureSerializer.Serialize(f), UserCodeLoader.Default);

        Assert.True(copy(2));
        Assert.Null(copy.Target!.GetType().GetField("conn")!.GetValue(copy.Target));
        Assert.Throws<ClosureNotSerializableException>(() => ClosureSerializer.Serialize(sibling));
    }

    [Fact]
    public void A_variable_used_by_a_lambda_created_inside_the_lambda_is_kept()
    {
        var scale = 10;
        var unrelated = new MemoryStream();
        Func<int, Func<int, int>> outer = x => y => (x + y) * scale;
        Func<long> sibling = () => unrelated.Length;
        Assert.Equal(50, ClosureSerializer.Deserialize<Func<int, Func<int, int>>>(ClosureSerializer.Serialize(outer), UserCodeLoader.Default)(2)(3));
        Assert.NotNull(sibling);
    }

    [Fact]
    public void A_null_field_of_an_unsendable_type_is_fine()
    {
        Func<bool> f = () => _socket is null;
        Assert.True(ClosureSerializer.Deserialize<Func<bool>>(ClosureSerializer.Serialize(f), UserCodeLoader.Default)());
    }

    [Fact]
    public void A_lazy_linq_query_is_refused_with_advice()
    {
        var evens = Enumerable.Range(0, 10).Where(i => i % 2 == 0);
        Func<int, bool> f = x => evens.Contains(x);
        var e = Refused(f);
        Assert.Equal("evens", e.FieldPath);
        Assert.Contains("System.Linq", e.FieldType, StringComparison.Ordinal);
    }

    [Fact]
    public void A_driver_only_engine_object_is_refused_with_its_own_reason()
    {
        var metrics = new TaskMetrics();
        Func<long> f = () => metrics.RowsRead;
        var e = Refused(f);
        Assert.Equal("Kiln.Execution.Physical.TaskMetrics", e.FieldType);
        Assert.Contains("exist only on the driver", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thread_inside_a_list_inside_a_record_names_the_element()
    {
        var box = new Box([new Thread(() => { })]);
        Func<int> f = () => box.Items.Count;
        var e = Refused(f);
        Assert.Equal("box.Items[0]", e.FieldPath);
        Assert.Equal("System.Threading.Thread", e.FieldType);
    }

    private sealed record Box(List<object> Items);

    [Fact]
    public void A_multicast_delegate_is_refused()
    {
        Action a = () => { };
        a += () => { };
        Action outer = () => a();
        var e = Refused(outer);
        Assert.Equal("a", e.FieldPath);
        Assert.Contains("multicast", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dictionary_with_a_custom_comparer_is_refused()
    {
        var map = new Dictionary<string, int>(StringComparer.Create(System.Globalization.CultureInfo.InvariantCulture, true));
        Func<int> f = () => map.Count;
        var e = Refused(f);
        Assert.Equal("map", e.FieldPath);
        Assert.Contains("comparer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compiled_expression_is_refused()
    {
        var compiled = System.Linq.Expressions.Expression.Lambda<Func<int>>(System.Linq.Expressions.Expression.Constant(1)).Compile();
        Func<int> f = () => compiled();
        var e = Refused(f);
        Assert.Equal("compiled", e.FieldPath);
        Assert.Contains("expression tree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pointer_sized_handle_is_refused()
    {
        var handle = new IntPtr(42);
        Func<long> f = () => handle.ToInt64();
        Assert.Equal("System.IntPtr", Refused(f).FieldType);
    }

    [Fact]
    public void A_user_class_deriving_from_a_framework_type_is_refused()
    {
        var list = new NamedList { 1 };
        Func<int> f = () => list.Count;
        var e = Refused(f);
        Assert.Equal("list", e.FieldPath);
        Assert.Contains("derives from System.Collections.Generic.List", e.Message, StringComparison.Ordinal);
    }

    private sealed class NamedList : List<int>
    {
    }
}
