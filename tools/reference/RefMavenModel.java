// SPDX-License-Identifier: Apache-2.0
//
// Reference for the pom.xml extractor: Maven's own model builder (maven-model-builder 3.8.7,
// /usr/share/java/maven3-model-builder.jar, Debian libmaven3-core-java) computes the effective
// model of each pom given as an argument: parents through relativePath, inheritance,
// interpolation, dependencyManagement, profiles. There is no repository: a parent or import
// that is not in the tree makes Maven fail, and that pom is reported as such. No system or user
// properties but java.version (so that JDK-activated profiles can be evaluated, as inactive
// ones), so ${env.X} stays unresolved as it does in upkeep.
//
// Output, per pom: "# PATH", then one line per effective dependency,
// "groupId<TAB>artifactId<TAB>version<TAB>scope<TAB>optional<TAB>type<TAB>classifier" (null
// where Maven has no value), or "! MESSAGE" when Maven could not build the model.
import java.io.File;
import java.util.Properties;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilder;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;

public class RefMavenModel {
  static class NoRepository implements ModelResolver {
    public ModelSource resolveModel(String g, String a, String v)
        throws UnresolvableModelException {
      throw new UnresolvableModelException("no repository", g, a, v);
    }

    public ModelSource resolveModel(Parent p) throws UnresolvableModelException {
      return resolveModel(p.getGroupId(), p.getArtifactId(), p.getVersion());
    }

    public ModelSource resolveModel(Dependency d) throws UnresolvableModelException {
      return resolveModel(d.getGroupId(), d.getArtifactId(), d.getVersion());
    }

    public void addRepository(Repository r) {}

    public void addRepository(Repository r, boolean replace) {}

    public ModelResolver newCopy() {
      return this;
    }
  }

  public static void main(String[] args) {
    DefaultModelBuilder builder = new DefaultModelBuilderFactory().newInstance();
    Properties system = new Properties();
    system.setProperty("java.version", "17");
    for (String path : args) {
      DefaultModelBuildingRequest req = new DefaultModelBuildingRequest();
      req.setPomFile(new File(path));
      req.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
      req.setProcessPlugins(false);
      req.setSystemProperties(system);
      req.setModelResolver(new NoRepository());
      System.out.println("# " + path);
      Model m;
      try {
        m = builder.build(req).getEffectiveModel();
      } catch (ModelBuildingException e) {
        System.out.println("! " + e.getMessage().replace('\n', ' '));
        continue;
      }
      for (Dependency d : m.getDependencies()) {
        System.out.println(d.getGroupId() + "\t" + d.getArtifactId() + "\t" + d.getVersion() + "\t"
            + d.getScope() + "\t" + d.getOptional() + "\t" + d.getType() + "\t"
            + d.getClassifier());
      }
    }
  }
}
