import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code java PngCheck.java FILE.png WIDTH HEIGHT}: exits 0 when the file is a PNG of that size with
 * real content, the same rule as SnapshotProcessTest: more than 20 distinct colours in a grid of
 * samples (a blank or single-colour image has one or two). Used by smoke-test.sh.
 */
public final class PngCheck {
    public static void main(String[] args) throws Exception {
        BufferedImage img = ImageIO.read(new File(args[0]));
        if (img == null) {
            fail(args[0] + " is not a readable PNG");
        }
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        if (img.getWidth() != w || img.getHeight() != h) {
            fail(args[0] + " is " + img.getWidth() + "x" + img.getHeight() + ", expected " + w + "x" + h);
        }
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        if (colours.size() <= 20) {
            fail(args[0] + " looks blank: " + colours.size() + " distinct colours");
        }
        System.out.println(args[0] + ": " + w + "x" + h + ", " + colours.size() + " distinct colours");
    }

    private static void fail(String message) {
        System.err.println("PngCheck: " + message);
        System.exit(1);
    }
}
