from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    page = blocks.PageChooserBlock()
    button_label = blocks.CharBlock(max_length=40, default=_("Shop now"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ul", "ol", "hr"]
    )
    image = ImageBlock()
    faq = FaqBlock()
    call_to_action = CallToActionBlock()


class PointBlock(blocks.StructBlock):
    """A short title and a sentence: a step of "How it works" or a selling point."""

    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=240, required=False)

    class Meta:
        icon = "tick"


class PointsBlock(blocks.StreamBlock):
    point = PointBlock()
