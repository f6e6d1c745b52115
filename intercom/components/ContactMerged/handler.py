"""Contact Merged: a lead is merged into a user (the message is the user that remains; merged_from names the
lead that is gone).
"""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.merged"))
