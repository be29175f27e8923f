using YamlDotNet.Serialization;

namespace FacetEducation.Web.Content;

/// <summary>Generated (not reflected) YAML readers for front matter: see <see cref="ContentYaml.FrontMatterDeserializer"/>.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(FrontMatter))]
[YamlSerializable(typeof(ReviewerFrontMatter))]
[YamlSerializable(typeof(SourceFrontMatter))]
public partial class FrontMatterYamlContext : StaticContext;
