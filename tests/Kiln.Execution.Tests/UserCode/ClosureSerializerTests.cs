using Kiln.Execution.UserCode;

namespace Kiln.Execution.Tests.UserCode;

/// <summary>Lambdas travel as method references plus captured values, and come back as working delegates.</summary>
public sealed class ClosureSerializerTests
{
    private readonly int _offset = 100;

    public sealed record Address(string City, int? Zip);

    public sealed record Customer(string Name, decimal Credit, DateOnly Since, Address Home, IReadOnlyList<string> Tags);

    public sealed class Node
    {
        public int Value { get; set; }

        public Node? Next { get; set; }
    }

    public sealed class WithTransient
    {
        [NonSerialized]
        private readonly object _cache = new();

        public int Kept { get; init; }

        public bool HasCache => _cache is not null;
    }

    private static T RoundTrip<T>(T closure)
        where T : Delegate => ClosureSerializer.Deserialize<T>(ClosureSerializer.Serialize(closure), UserCodeLoader.Default);

    [Fact]
    public void Captured_locals_of_every_supported_kind_arrive_intact()
    {
        var factor = 3;
        var label = "x";
        var price = 12.345m;
        var day = new DateOnly(2024, 2, 29);
        var stamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        double[] weights = [0.5, 1.5];
        var names = new List<string?> { "a", null, "c" };
        var lookup = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["One"] = 1, ["Two"] = 2 };
        var set = new HashSet<long> { 5, 7 };
        var pair = (Left: 1, Right: "r");
        var customer = new Customer("ann", 10.5m, day, new Address("Oslo", null), ["vip", "eu"]);

        Func<int, string> f = i =>
            $"{i * factor}|{label}|{price}|{day:yyyy-MM-dd}|{stamp:O}|{weights.Sum()}|{string.Join(",", names)}|{lookup["one"]}|{set.Contains(7)}|{pair.Right}|{customer.Home.City}|{customer.Tags[1]}|{customer.Credit}";

        var copy = RoundTrip(f);
        Assert.Equal(f(2), copy(2));
        Assert.NotSame(f.Target, copy.Target);
    }

    [Fact]
    public void An_instance_method_lambda_carries_this()
    {
        Func<int, int> f = x => x + _offset;
        var copy = RoundTrip(f);
        Assert.Equal(105, copy(5));
    }

    [Fact]
    public void A_method_group_on_an_object_carries_the_object()
    {
        var counter = new Node { Value = 40 };
        Func<int> f = counter.GetHashCode;
        Func<int, int> add = new Adder(2).Add;
        Assert.Equal(42, RoundTrip(add)(40));
        Assert.NotNull(RoundTrip(f));
    }

    private sealed class Adder(int amount)
    {
        public int Add(int x) => x + amount;
    }

    [Fact]
    public void Nested_lambdas_and_nested_scopes_are_followed()
    {
        var outer = 10;
        Func<int, int> inner = x => x * outer;
        Func<int, int> result = null!;
        for (var i = 0; i < 1; i++)
        {
            var local = 7;
            result = x => inner(x) + local + outer;
        }

        var copy = RoundTrip(result);
        Assert.Equal((3 * 10) + 7 + 10, copy(3));
    }

    private static Func<int, string> Prefixer<T>(T prefix) => x => $"{prefix}:{x}";

    private static T Identity<T>(T value) => value;

    [Fact]
    public void Lambdas_in_generic_methods_and_generic_method_groups_resolve()
    {
        var f = Prefixer(new DateOnly(2020, 5, 1));
        Assert.Equal("05/01/2020:3", RoundTrip(f)(3));
        Func<string, string> g = Identity;
        Assert.Equal("same", RoundTrip(g)("same"));
    }

    [Fact]
    public void Static_lambdas_and_framework_methods_have_no_target()
    {
        Func<int, int> s = static x => x * 2;
        Func<int, int> abs = Math.Abs;
        Assert.Equal(8, RoundTrip(s)(4));
        var copy = RoundTrip(abs);
        Assert.Null(copy.Target);
        Assert.Equal(4, copy(-4));
        Assert.Same(copy, RoundTrip(abs));
    }

    [Fact]
    public void Every_deserialization_gets_its_own_copy_of_the_captured_values()
    {
        var seen = new List<int>();
        var bytes = ClosureSerializer.Serialize(new Action<int>(x => seen.Add(x)));
        var a = ClosureSerializer.Deserialize<Action<int>>(bytes, UserCodeLoader.Default);
        var b = ClosureSerializer.Deserialize<Action<int>>(bytes, UserCodeLoader.Default);
        a(1);
        a(2);
        b(3);
        Assert.Empty(seen);
    }

    [Fact]
    public void Shared_references_and_cycles_survive()
    {
        var list = new List<int> { 1 };
        var first = new Node { Value = 1 };
        var second = new Node { Value = 2, Next = first };
        first.Next = second;
        var alias = list;
        Func<bool> f = () => ReferenceEquals(list, alias) && first.Next!.Next == first && second.Value == 2;
        Assert.True(RoundTrip(f)());
    }

    [Fact]
    public void NonSerialized_fields_are_left_out()
    {
        var holder = new WithTransient { Kept = 9 };
        Func<int> f = () => holder.HasCache ? -1 : holder.Kept;
        Assert.Equal(-1, f());
        Assert.Equal(9, RoundTrip(f)());
    }

    [Fact]
    public void Values_round_trip_on_their_own()
    {
        object?[] values =
        [
            null, true, (byte)1, (sbyte)-1, (short)-2, (ushort)2, -3, 3u, -4L, 4UL, 1.5f, 2.5, 3.5m, 'c', "s",
            new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local), new DateOnly(1999, 12, 31), new TimeOnly(13, 14), TimeSpan.FromHours(2),
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)), Guid.NewGuid(), (Int128)long.MaxValue * 4, DayOfWeek.Friday,
            new[] { 1, 2, 3 }, new[] { "a", null }, Tuple.Create(1, "b"), new KeyValuePair<string, int>("k", 1),
        ];
        foreach (var v in values)
        {
            var back = ClosureSerializer.DeserializeValue(ClosureSerializer.SerializeValue(v, "value"), UserCodeLoader.Default);
            if (v is Array a)
            {
                Assert.Equal(a.Cast<object?>(), ((Array)back!).Cast<object?>());
            }
            else
            {
                Assert.Equal(v, back);
            }
        }
    }

    [Fact]
    public void A_different_build_is_reported_not_misread()
    {
        Func<int, int> f = x => x + 1;
        var bytes = ClosureSerializer.Serialize(f);
        var name = System.Text.Encoding.UTF8.GetBytes(f.Method.Name);
        var at = bytes.AsSpan().IndexOf(name);
        bytes[at + 1] = (byte)'X';
        var e = Assert.Throws<UserCodeLoadException>(() => ClosureSerializer.Deserialize(bytes, UserCodeLoader.Default));
        Assert.Contains("same build", e.Message, StringComparison.Ordinal);
    }
}
