using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VirtDiag.Export
{
    /// <summary>The JSON shape of records everywhere they leave as text (CLI JSON Lines, nested export columns): enums as names, TimeSpans as seconds.</summary>
    public static class RecordJson
    {
        /// <summary>A new options object: no indent, cycles ignored, enum names, TimeSpan as seconds, relaxed escaping.</summary>
        public static JsonSerializerOptions CreateOptions()
        {
            var o = new JsonSerializerOptions
            {
                WriteIndented = false,
                ReferenceHandler = ReferenceHandler.IgnoreCycles,
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            o.Converters.Add(new JsonStringEnumConverter());
            o.Converters.Add(new TimeSpanSecondsConverter());
            return o;
        }

        private sealed class TimeSpanSecondsConverter : JsonConverter<TimeSpan>
        {
            public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());
            public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(value.TotalSeconds);
        }
    }
}
