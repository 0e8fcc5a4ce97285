/**
 * Mantine components as typed router links. Mantine's polymorphic components lose their props
 * through createLink, so each is first pinned to an <a> element (the pattern TanStack Router
 * documents for component libraries).
 */
import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type A = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'>;

const AnchorA = forwardRef<HTMLAnchorElement, AnchorProps & A>((props, ref) => <Anchor ref={ref} {...props} />);
const ButtonA = forwardRef<HTMLAnchorElement, ButtonProps & A>((props, ref) => <Button component="a" ref={ref} {...props} />);
const NavLinkA = forwardRef<HTMLAnchorElement, NavLinkProps & Omit<A, 'children'>>((props, ref) => <NavLink component="a" ref={ref} {...props} />);

const AnchorRouted = createLink(AnchorA);
const ButtonRouted = createLink(ButtonA);
const NavLinkRouted = createLink(NavLinkA);

export const AnchorLink: LinkComponent<typeof AnchorA> = (props) => <AnchorRouted {...props} />;
export const ButtonLink: LinkComponent<typeof ButtonA> = (props) => <ButtonRouted {...props} />;
export const NavLinkLink: LinkComponent<typeof NavLinkA> = (props) => <NavLinkRouted {...props} />;
